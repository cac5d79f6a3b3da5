// Web preview only: the demo cluster's address and throwaway credentials, and insertion and
// removal of the demo tokens (SoftHSM holds them all; the preview server moves a token in or
// out of view of the token service).
import i18next from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import enDemo from '../../i18n/en-demo.json';
import jaDemo from '../../i18n/ja-demo.json';
import type { DemoControls, DemoInfo, DemoToken } from '../bridge/demo-types';
import { useApp } from '../hooks';
import './demo-panel.css';

// The panel's texts and styles travel with it (this chunk exists in the preview's build only),
// merged into the languages' bundles when the panel first loads.
i18next.addResourceBundle('en', 'translation', enDemo, true, false);
i18next.addResourceBundle('ja', 'translation', jaDemo, true, false);

export function DemoPanel({ demo }: { demo: DemoControls }) {
  const { t } = useTranslation();
  const tokenEvent = useApp((s) => s.tokenEvent);
  const [tokens, setTokens] = useState<DemoToken[]>([]);
  const [info, setInfo] = useState<DemoInfo | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void demo.tokens().then((r) => r.ok && setTokens(r.value));
  }, [demo, tokenEvent]);
  useEffect(() => {
    void demo.info().then((r) => r.ok && setInfo(r.value));
  }, [demo]);
  return (
    <aside className="panel demo-panel" aria-labelledby="demo-h">
      <h2 id="demo-h">{t('demo.title')}</h2>
      <p className="muted">{t('demo.intro')}</p>
      <ul className="demo-tokens">
        {tokens.map((token) => (
          <li key={token.serial}>
            <label>
              <input
                type="checkbox"
                checked={token.inserted}
                // Not disabled while busy: a disabled checkbox would drop keyboard focus.
                aria-busy={busy}
                onChange={async (e) => {
                  if (busy) return;
                  setBusy(true);
                  const r = await demo.setInserted(token.serial, e.target.checked);
                  if (r.ok) setTokens(r.value);
                  setBusy(false);
                }}
              />
              {t('demo.inserted', { label: token.label })}
            </label>
          </li>
        ))}
      </ul>
      {info && (
        <dl className="facts" aria-label={t('demo.cluster')}>
          <dt>{t('demo.firstNode')}</dt>
          <dd className="mono">
            {info.firstNode.host}:{info.firstNode.port}
          </dd>
          <dt>{t('server.username')}</dt>
          <dd className="mono">{info.username}</dd>
          <dt>{t('server.password')}</dt>
          <dd className="mono">{info.password}</dd>
          <dt>{t('demo.tftp')}</dt>
          <dd className="mono">{info.alternateTftp.map((s) => `${s.host}:${s.port}`).join(', ')}</dd>
          <dt>{t('demo.firewall')}</dt>
          <dd className="mono">{info.firewalls.map((s) => `${s.host}:${s.port}`).join(', ')}</dd>
          <dt>{t('pin.label')}</dt>
          <dd className="mono">{info.tokenPin}</dd>
        </dl>
      )}
    </aside>
  );
}
