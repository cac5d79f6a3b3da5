// The CTL inspector: open (or drop) any CTLFile.tlv / ITLFile.tlv and see its header, entries
// and whether its signature verifies. Lazy-loaded: it is not part of the first screen.
import { lazy, Suspense, useState } from 'react';
import type { DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { InspectedEntry, InspectedFile } from '../../../shared/ipc/views';
import { INPUT_FILE_LIMIT_TEXT } from '../../../shared/ipc/limits';
import { MAX_FILE_BYTES, toBase64 } from './file-bytes';
import { ErrorBanner } from '../components/ErrorBanner';
import { StepHeading } from '../components/StepHeading';
import { formatDate, formatFingerprint } from '../format';
import { useApp } from '../hooks';
import { bridgeClient, call } from '../store/actions';
import { appStore } from '../store/app-store';

const CertificateViewer = lazy(() => import('./CertificateViewer'));

export default function Inspector() {
  const { t } = useTranslation();
  const error = useApp((s) => s.error);
  // In the store: a file the OS opens with the app arrives as an event (applyOpenedFile).
  const file = useApp((s) => s.inspectedFile);
  const setFile = (inspectedFile: InspectedFile | null) => appStore.setState({ inspectedFile });
  const [over, setOver] = useState(false);
  const [viewing, setViewing] = useState<InspectedEntry | null>(null);
  const [tooBig, setTooBig] = useState(false);

  async function open(picked: File) {
    setFile(null);
    setTooBig(picked.size > MAX_FILE_BYTES);
    if (picked.size > MAX_FILE_BYTES) return;
    const base64 = toBase64(new Uint8Array(await picked.arrayBuffer()));
    const result = await call(appStore, 'inspector.open', () => bridgeClient(appStore).inspector.open({ source: 'bytes', name: picked.name, base64 }));
    if (result && !('cancelled' in result)) setFile(result);
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setOver(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) void open(dropped);
  }

  return (
    <div>
      <StepHeading>{t('inspector.title')}</StepHeading>
      <div
        className={over ? 'drop-zone over' : 'drop-zone'}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <label htmlFor="inspect-file">{t('inspector.choose')}</label>{' '}
        <input
          id="inspect-file"
          type="file"
          accept=".tlv"
          onChange={(e) => {
            const picked = e.target.files?.[0];
            if (picked) void open(picked);
            e.target.value = '';
          }}
        />
        <p className="muted">{t('inspector.drop')}</p>
      </div>
      {tooBig && (
        <p className="notice error" role="alert">
          {t('inspector.tooBig', { limit: INPUT_FILE_LIMIT_TEXT })}
        </p>
      )}
      {error && <ErrorBanner error={error} />}
      {file && (
        <section aria-labelledby="inspected-h">
          <h2 id="inspected-h">{file.name}</h2>
          <p role="status" className={file.signature.valid ? 'notice ok' : 'notice error'}>
            {file.signature.valid
              ? t('inspector.signatureValid', { index: (file.signature.signerIndex ?? 0) + 1 })
              : t('inspector.signatureInvalid', { reason: file.signature.reason ?? '' })}
          </p>
          <dl className="facts">
            <dt>{t('inspector.kind')}</dt>
            <dd>
              {file.kind} ({file.filename}), {t('inspector.version')} {file.version}
            </dd>
            <dt>{t('inspector.signer')}</dt>
            <dd>
              {file.signer.subject} <span className="mono">#{file.signer.serialHex}</span>
            </dd>
            <dt>{t('review.hash')}</dt>
            <dd>
              {file.hashAlgorithm.toUpperCase()}, RSA {file.modulusBits}
            </dd>
            <dt>{t('inspector.timestamp')}</dt>
            <dd>{file.timestamp}</dd>
            <dt>{t('inspector.size')}</dt>
            <dd>{t('inspector.bytes', { count: file.size })}</dd>
            <dt>SHA-256</dt>
            <dd className="mono">{formatFingerprint(file.sha256)}</dd>
          </dl>
          <div className="table-wrap">
            <table>
              <caption>{t('inspector.entries', { count: file.entries.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t('entries.role')}</th>
                  <th scope="col">{t('entries.host')}</th>
                  <th scope="col">{t('entries.ip')}</th>
                  <th scope="col">{t('cert.subject')}</th>
                  <th scope="col">{t('cert.expires')}</th>
                  <th scope="col">{t('entries.certificate')}</th>
                </tr>
              </thead>
              <tbody>
                {file.entries.map((entry) => (
                  <tr key={entry.index}>
                    <td>{entry.index + 1}</td>
                    <td>{entry.role}</td>
                    <td>{entry.dnsName || '—'}</td>
                    <td>{entry.ipAddress ?? '—'}</td>
                    <td className="subject">{entry.subject}</td>
                    <td>{formatDate(entry.notAfter)}</td>
                    <td>
                      <button type="button" onClick={() => setViewing(entry)} aria-label={t('entries.viewFor', { entry: entry.dnsName || entry.subject })}>
                        {t('entries.view')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {viewing && (
        <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
          <CertificateViewer entry={viewing} onClose={() => setViewing(null)} />
        </Suspense>
      )}
    </div>
  );
}
