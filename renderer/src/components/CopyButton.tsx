// A small "Copy" button that says "Copied" for a moment (announced to screen readers).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { copyText } from './copy';

/** `label` names what is copied for screen readers; `visible` is the button's own text (default "Copy"). */
export function CopyButton({ text, label, visible }: { text: string; label: string; visible?: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <>
      <button type="button" className="small" aria-label={label} onClick={async () => setState((await copyText(text)) ? 'copied' : 'failed')}>
        {visible ?? t('common.copy')}
      </button>
      <span role="status" className="muted">
        {state === 'copied' ? t('common.copied') : state === 'failed' ? t('common.copyFailed') : ''}
      </span>
    </>
  );
}
