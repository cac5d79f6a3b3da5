// The initial renderer bundle (what index.html loads before the first screen) stays under
// 200 KB gzip; the inspector and the certificate viewer are lazy chunks. The browser
// project's global setup has just built dist/renderer.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleFiles, gzipSize, INITIAL_BUNDLE_BUDGET } from '../../scripts/renderer-bundle';

const dist = join(import.meta.dirname, '..', '..', 'dist', 'renderer');

describe('renderer bundle', () => {
  it('loads under 200 KB gzip before the first screen, with the heavy parts lazy', async () => {
    const { initial, lazy } = await bundleFiles(dist);
    expect(initial.some((f) => f.endsWith('.js'))).toBe(true);
    let total = 0;
    for (const file of initial) total += await gzipSize(dist, file);
    expect(total).toBeLessThan(INITIAL_BUNDLE_BUDGET);
    expect(lazy.some((f) => /CertificateViewer/.test(f))).toBe(true);
    expect(lazy.some((f) => /Inspector/.test(f))).toBe(true);
  });
});
