// Web preview only: simulates inserting and removing the demo tokens (SoftHSM holds them all;
// the preview server moves a token in or out of view of the token service).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DemoControls, DemoToken } from '../bridge/dev-http';
import { useApp } from '../hooks';

export function DemoPanel({ demo }: { demo: DemoControls }) {
  const { t } = useTranslation();
  const tokenEvent = useApp((s) => s.tokenEvent);
  const [tokens, setTokens] = useState<DemoToken[]>([]);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void demo.tokens().then((r) => r.ok && setTokens(r.value));
  }, [demo, tokenEvent]);
  return (
    <aside className="panel demo-panel" aria-labelledby="demo-h">
      <h2 id="demo-h">{t('demo.title')}</h2>
      <p className="muted">{t('demo.intro')}</p>
      <ul>
        {tokens.map((token) => (
          <li key={token.serial}>
            <label>
              <input
                type="checkbox"
                checked={token.inserted}
                disabled={busy}
                onChange={async (e) => {
                  setBusy(true);
                  const r = await demo.setInserted(token.serial, e.target.checked);
                  if (r.ok) setTokens(r.value);
                  setBusy(false);
                }}
              />{' '}
              {t('demo.inserted', { label: token.label })}
            </label>
          </li>
        ))}
      </ul>
    </aside>
  );
}
