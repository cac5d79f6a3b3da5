// Engine refusals in the UI language: a known refusal code shows its rule translated (the
// engine's rule text is English) and keeps the engine's specific sentence as the detail; an
// unknown code falls back to the engine's text. The English rules are the engine's own.
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../electron/session/rules';
import en from '../../renderer/i18n/en.json';
import ja from '../../renderer/i18n/ja.json';
import { describeError } from '../../renderer/src/components/error-text';
import type { UiError } from '../../renderer/src/store/app-store';
import type { RefusalCode } from '../../shared/session/types';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ resources: { en: { translation: en }, ja: { translation: ja } }, lng: 'ja', fallbackLng: 'en', interpolation: { escapeValue: false } });
});

function refusal(code: string, message: string): UiError {
  const known = RULES[code as RefusalCode];
  return { source: 'session', error: { kind: 'refused', code: code as RefusalCode, rule: known?.rule ?? 'Some new rule.', guidePages: known?.guidePages ?? [], message } };
}

describe('refusal rules', () => {
  it("English rules are the engine's rule texts, and every refusal code has a Japanese one", () => {
    const codes = Object.keys(RULES).sort();
    expect(Object.keys(en.errors.rules).sort()).toEqual(codes);
    expect(Object.keys(ja.errors.rules).sort()).toEqual(codes);
    for (const code of codes) expect(en.errors.rules[code as keyof typeof en.errors.rules], code).toBe(RULES[code as RefusalCode].rule);
  });

  it('Japanese: a known code shows the translated rule, the engine sentence as detail and the guide reference', () => {
    const t = i18n.getFixedT('ja');
    const d = describeError(t, refusal('tokens-below-minimum', 'Deleting SAST-2 would leave one token entry.'));
    expect(d).toEqual({
      title: '許可されていません',
      message: 'CTL には 2 つ以上のトークン エントリが必要です。',
      detail: 'Deleting SAST-2 would leave one token entry.',
      next: 'トークン エントリを 2 つ以上残すか、追加してください。',
      rule: null,
      guide: 'セキュリティ ガイド 3-11, 3-17 ページ',
    });
  });

  it('the guide is named by its pages in the UI language, never by an internal document', () => {
    expect(describeError(i18n.getFixedT('en'), refusal('entry-duplicate', 'cucm-2 is listed.')).guide).toBe('Security guide, p. 3-18');
    expect(describeError(i18n.getFixedT('en'), refusal('tokens-below-minimum', 'x')).guide).toBe('Security guide, p. 3-11, 3-17');
    // A rule of this product's own cites no page.
    expect(describeError(i18n.getFixedT('en'), refusal('ctl-changed', 'x')).guide).toBeNull();
    for (const text of Object.values(RULES).flatMap((r) => [r.rule, ...r.guidePages])) expect(text).not.toMatch(/seed-requirements|ctl-format|§|project decision/);
  });

  it('an unknown code keeps the engine text (message and rule) in either language', () => {
    for (const lng of ['ja', 'en']) {
      const d = describeError(i18n.getFixedT(lng), refusal('brand-new-rule', 'The engine says no.'));
      expect(d).toMatchObject({ message: 'The engine says no.', detail: null, rule: 'Some new rule.', guide: null });
    }
  });

  it('English: the rule, then the specific sentence', () => {
    const d = describeError(i18n.getFixedT('en'), refusal('entry-duplicate', 'cucm-2 is already a target of this CTL.'));
    expect(d).toMatchObject({ title: 'Not allowed', message: 'A server is listed once.', detail: 'cucm-2 is already a target of this CTL.', next: 'That server is already listed.' });
  });
});
