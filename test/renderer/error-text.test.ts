// Engine refusals and failures in the UI language: the engine sends codes with parameters; the
// banner words the rule behind a refusal, what exactly was refused, the guide's pages and the
// next step from the one catalog the command line also reads.
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { GUIDE_PAGES } from '../../electron/session/rules';
import en from '../../renderer/i18n/en.json';
import ja from '../../renderer/i18n/ja.json';
import engineEn from '../../shared/i18n/engine.en.json';
import engineJa from '../../shared/i18n/engine.ja.json';
import { describeError } from '../../renderer/src/components/error-text';
import type { UiError } from '../../renderer/src/store/app-store';
import { msg, type Message } from '../../shared/session/messages';
import type { RefusalCode } from '../../shared/session/types';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({
    resources: { en: { translation: { ...en, engine: engineEn } }, ja: { translation: { ...ja, engine: engineJa } } },
    lng: 'ja', fallbackLng: 'en', interpolation: { escapeValue: false },
  });
});

function refusal(code: RefusalCode, message: Message): UiError {
  return { source: 'session', error: { kind: 'refused', code, guidePages: GUIDE_PAGES[code], message } };
}

describe('refusals and failures in the banner', () => {
  it('every refusal code has its rule in English and Japanese', () => {
    const codes = Object.keys(GUIDE_PAGES).sort();
    expect(Object.keys(engineEn.rule).sort()).toEqual(codes);
    expect(Object.keys(engineJa.rule).sort()).toEqual(codes);
  });

  it('Japanese: the rule, what exactly was refused, the guide reference and the next step, all in Japanese', () => {
    const t = i18n.getFixedT('ja');
    const d = describeError(t, refusal('tokens-below-minimum', msg('refusal.delete-leaves', { count: 1, remaining: 1, minimum: 2 })));
    expect(d).toEqual({
      title: '許可されていません',
      message: 'CTL には 2 つ以上のトークン エントリが必要です。',
      detail: '選択した 1 件のエントリを削除すると、トークン エントリが 1 つになります。2 つ以上残す必要があります。',
      next: 'トークン エントリを 2 つ以上残すか、追加してください。',
      guide: 'セキュリティ ガイド 3-11, 3-17 ページ',
    });
  });

  it('a check named in a message is named by its title in the UI language', () => {
    const ui = refusal('check-not-overridable', msg('refusal.check-not-overridable', { check: 'signer-in-current-ctl' }));
    expect(describeError(i18n.getFixedT('en'), ui).detail).toBe('The check "The signer is a token listed in the current CTL" cannot be overridden.');
    expect(describeError(i18n.getFixedT('ja'), ui).detail).toBe('チェック「署名者は現在の CTL に登録されたトークンである」は上書きできません。');
  });

  it('the guide is named by its pages in the UI language, never by an internal document', () => {
    expect(describeError(i18n.getFixedT('en'), refusal('entry-duplicate', msg('refusal.server-listed', { server: 'cucm-2' }))).guide).toBe('Security guide, p. 3-18');
    // A rule of this product's own cites no page.
    expect(describeError(i18n.getFixedT('en'), refusal('ctl-changed', msg('refusal.ctl-changed', { targets: 'cucm-1' }))).guide).toBeNull();
  });

  it('a refused bridge request is worded from its problem, in the UI language, the field named', () => {
    const problem = msg('failure.invalid-command', { reason: msg('failure.invalid-entry', { field: msg('field-name.host'), problem: msg('field.host-characters') }) });
    const ui: UiError = { source: 'bridge', error: { code: 'invalid-request', message: 'Invalid session.connect request: host: …', problem } };
    expect(describeError(i18n.getFixedT('ja'), ui)).toMatchObject({
      message: '要求が正しくありません: ホスト名: 英字、数字、ドット、ハイフンだけを使ってください（ホスト名または IPv4 アドレス）。',
      next: '示された入力欄を直して、もう一度実行してください。',
    });
    // Without a problem (an older or foreign reply) the English text is what there is.
    expect(describeError(i18n.getFixedT('ja'), { source: 'bridge', error: { code: 'bridge-failed', message: 'IPC closed' } }).message).toBe('IPC closed');
  });

  it('a failure words its message; a service reason is kept as given', () => {
    const ui: UiError = { source: 'session', error: { kind: 'failed', code: 'auth-failed', host: 'cucm1', message: msg('failure.provider.auth-failed', { where: 'cucm1:2444', reason: 'login refused' }) } };
    expect(describeError(i18n.getFixedT('en'), ui).message).toBe('cucm1:2444: login refused');
    expect(describeError(i18n.getFixedT('ja'), ui).message).toBe('cucm1:2444 がユーザ名またはパスワードを受け付けませんでした。');
  });

  it('English: the rule, then the specific sentence', () => {
    const d = describeError(i18n.getFixedT('en'), refusal('entry-duplicate', msg('refusal.target-listed', { host: 'cucm-2', port: 2444 })));
    expect(d).toMatchObject({ title: 'Not allowed', message: 'A server is listed once.', detail: 'cucm-2:2444 is already a target of this CTL.', next: 'That server is already listed.' });
  });
});
