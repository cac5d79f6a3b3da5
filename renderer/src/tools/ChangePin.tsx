// Change a token's user PIN (the guide: the first-time PIN must be changed). PINs stay in this
// form until submitted, then are cleared.
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TokenInfo } from '../../../shared/tokens/types';
import { ErrorBanner } from '../components/ErrorBanner';
import { Field } from '../components/Field';
import { StepHeading } from '../components/StepHeading';
import { useApp } from '../hooks';
import { bridgeClient, call } from '../store/actions';
import { appStore } from '../store/app-store';

export function ChangePin() {
  const { t } = useTranslation();
  const error = useApp((s) => s.error);
  const pending = useApp((s) => s.pending);
  const tokenEvent = useApp((s) => s.tokenEvent);
  const [tokens, setTokens] = useState<TokenInfo[] | null>(null);
  const [serial, setSerial] = useState('');
  const [oldPin, setOldPin] = useState('');
  const [newPin, setNewPin] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [changed, setChanged] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void call(appStore, 'tokens.list', () => bridgeClient(appStore).tokens.list()).then((list) => {
      if (!live || !list) return;
      setTokens(list);
      setSerial((current) => (list.some((tk) => tk.serial === current) ? current : (list[0]?.serial ?? '')));
    });
    return () => {
      live = false;
    };
  }, [tokenEvent]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setChanged(null);
    if (!serial) return setProblem(t('changePin.noToken'));
    if (newPin.length < 4) return setProblem(t('changePin.tooShort'));
    if (newPin !== confirm) return setProblem(t('changePin.mismatch'));
    setProblem(null);
    const request = { serial, oldPin, newPin };
    setOldPin('');
    setNewPin('');
    setConfirm('');
    const result = await call(appStore, 'tokens.changePin', () => bridgeClient(appStore).tokens.changePin(request));
    if (result) setChanged(tokens?.find((tk) => tk.serial === serial)?.label ?? serial);
  }

  const token = tokens?.find((tk) => tk.serial === serial);
  return (
    <form onSubmit={submit} noValidate>
      <StepHeading>{t('changePin.title')}</StepHeading>
      <p className="muted">{t('changePin.intro')}</p>
      {tokens && tokens.length === 0 && <p className="notice info">{t('tokens.insertFirst')}</p>}
      {tokens && tokens.length > 0 && (
        <div className="field">
          <label htmlFor="pin-token">{t('changePin.token')}</label>
          <select id="pin-token" value={serial} onChange={(e) => setSerial(e.target.value)}>
            {tokens.map((tk) => (
              <option key={tk.serial} value={tk.serial}>
                {tk.label} ({tk.serial})
              </option>
            ))}
          </select>
        </div>
      )}
      {token?.pin.locked && <p className="notice error">{t('pin.locked')}</p>}
      {token && !token.pin.locked && token.pin.finalTry && <p className="notice error">{t('pin.finalTry')}</p>}
      {token && !token.pin.locked && !token.pin.finalTry && token.pin.countLow && <p className="notice warn">{t('pin.countLow')}</p>}
      <Field label={t('changePin.old')} type="password" autoComplete="off" value={oldPin} onChange={(e) => setOldPin(e.target.value)} hint={t('pin.hint')} />
      <Field label={t('changePin.new')} type="password" autoComplete="off" value={newPin} onChange={(e) => setNewPin(e.target.value)} />
      <Field label={t('changePin.confirm')} type="password" autoComplete="off" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
      {problem && (
        <p className="notice error" role="alert">
          {problem}
        </p>
      )}
      {error && <ErrorBanner error={error} />}
      <p role="status">{changed ? t('changePin.done', { label: changed }) : ''}</p>
      <div className="actions">
        <button type="submit" className="primary" disabled={pending !== null || !serial || !oldPin || !newPin || Boolean(token?.pin.locked)}>
          {t('changePin.submit')}
        </button>
      </div>
    </form>
  );
}
