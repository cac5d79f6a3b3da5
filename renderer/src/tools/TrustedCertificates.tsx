// Trusted servers: the provider certificates the administrator accepted, kept in the trust
// store the app shares with the command line. Forgetting one makes the next connection to
// that node show its certificate for confirmation again (after a certificate renewal, say).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TrustedCertificateView } from '../../../shared/ipc/settings';
import { Fingerprint } from '../components/Fingerprint';
import { formatDateTime } from '../format';
import { forgetTrustedCertificate, listTrustedCertificates } from '../store/actions';
import { appStore } from '../store/app-store';

export function TrustedCertificates() {
  const { t, i18n } = useTranslation();
  const [list, setList] = useState<TrustedCertificateView[] | null>(null);

  useEffect(() => {
    let live = true;
    void listTrustedCertificates(appStore).then((found) => {
      if (live && found) setList(found);
    });
    return () => {
      live = false;
    };
  }, []);

  async function forget(c: TrustedCertificateView) {
    const after = await forgetTrustedCertificate(appStore, c.host, c.port);
    if (after) setList(after);
  }

  return (
    <section aria-labelledby="trusted-h">
      <h2 id="trusted-h">{t('trusted.title')}</h2>
      <p className="hint">{t('trusted.hint')}</p>
      {list !== null && list.length === 0 && <p data-testid="trusted-empty">{t('trusted.none')}</p>}
      {list !== null && list.length > 0 && (
        <div className="table-wrap">
          <table data-testid="trusted-certificates">
            <thead>
              <tr>
                <th scope="col">{t('trusted.server')}</th>
                <th scope="col">{t('trusted.fingerprint')}</th>
                <th scope="col">{t('trusted.accepted')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('trusted.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((c) => (
                <tr key={`${c.host}:${c.port}`}>
                  <td className="mono">{`${c.host}:${c.port}`}</td>
                  <td>
                    <Fingerprint hex={c.sha256} name={t('trusted.fingerprint')} />
                  </td>
                  <td>{formatDateTime(c.acceptedAt, i18n.language)}</td>
                  <td>
                    <button type="button" onClick={() => void forget(c)} aria-label={t('trusted.forgetWhat', { server: `${c.host}:${c.port}` })}>
                      {t('trusted.forget')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
