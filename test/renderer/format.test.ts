// Display helpers: fingerprints grouped by whole bytes, dates and time to expiry in the UI
// language, one way to write a DN, and where a malformed CTL stopped making sense.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { displayDn, fingerprintGroups, formatDate, formatFingerprint, relativeTime } from '../../renderer/src/format';
import { formatProblem } from '../../renderer/src/tools/format-problem';
import { CtlFormatError } from '../../shared/ctl/errors';
import { toIpcError } from '../../electron/app/errors';

const NOW = Date.UTC(2026, 11, 4);

describe('fingerprints', () => {
  it('groups of four whole bytes that read back as the colon form', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (bytes) => {
        const hex = Buffer.from(bytes).toString('hex');
        const groups = fingerprintGroups(hex);
        expect(groups.join(':')).toBe(formatFingerprint(hex));
        for (const g of groups) expect(g).toMatch(/^[0-9A-F]{2}(:[0-9A-F]{2}){0,3}$/);
      }),
    );
  });
});

describe('dates', () => {
  it('in the UI language, with the time left in words', () => {
    expect(formatDate('2031-12-03T00:00:00.000Z', 'en')).toBe('Dec 3, 2031');
    expect(formatDate('2031-12-03T00:00:00.000Z', 'ja')).toBe('2031/12/03');
    expect(relativeTime('2026-12-16T00:00:00.000Z', 'en', NOW)).toEqual({ text: 'in 12 days', past: false, soon: true });
    expect(relativeTime('2026-12-16T00:00:00.000Z', 'ja', NOW).text).toBe('12 日後');
    expect(relativeTime('2029-01-01T00:00:00.000Z', 'en', NOW)).toMatchObject({ text: 'in 2 years', soon: false });
    expect(relativeTime('2026-09-01T00:00:00.000Z', 'en', NOW)).toMatchObject({ text: '3 months ago', past: true });
  });
});

describe('distinguished names', () => {
  it('one form everywhere: CN first, ";" between attributes', () => {
    expect(displayDn('C=JP, O=Example, OU=CallManager, CN=cucm-1')).toBe('CN=cucm-1;OU=CallManager;O=Example;C=JP');
    expect(displayDn('CN=cucm-1, O=Example')).toBe('CN=cucm-1;O=Example');
    expect(displayDn('CN=cucm-1;O=Example')).toBe('CN=cucm-1;O=Example');
    expect(displayDn('CN=a\\, b, O=Example')).toBe('CN=a\\, b;O=Example');
    expect(displayDn('just text, with a comma')).toBe('just text, with a comma');
  });
});

describe('malformed CTL', () => {
  it('offset, tag and problem from the ctl-format error as main sends it; nothing for other errors', () => {
    const decoded = new CtlFormatError(18, 'decode.length-mismatch', { field: 'HASH_ALGORITHM', tag: 8, length: 2, expected: 1 });
    const error = toIpcError(decoded);
    expect(formatProblem({ source: 'bridge', error })).toEqual({
      offset: 18, tag: 8, problem: decoded.problem, reason: 'HASH_ALGORITHM (tag 8) has length 2, expected 1',
    });
    expect(formatProblem({ source: 'bridge', error: { code: 'ctl-format', message: 'x', details: { offset: 0, reason: 'the file is empty' } } }))
      .toMatchObject({ offset: 0, tag: null, problem: null, reason: 'the file is empty' });
    expect(formatProblem({ source: 'bridge', error: { code: 'inspector-empty', message: 'x' } })).toBeNull();
  });
});
