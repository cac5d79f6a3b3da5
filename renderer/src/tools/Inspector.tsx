// The CTL inspector: open (button or drop) any CTLFile.tlv / ITLFile.tlv, or the cluster's
// current CTL, and see its header, entries and whether its signature verifies. Lazy-loaded: it
// is not part of the first screen.
import { lazy, Suspense, useRef, useState } from 'react';
import type { DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { InspectedEntry, InspectedFile } from '../../../shared/ipc/views';
import { INPUT_FILE_LIMIT_TEXT } from '../../../shared/ipc/limits';
import { MAX_FILE_BYTES, toBase64 } from './file-bytes';
import { Fingerprint } from '../components/Fingerprint';
import { StepHeading } from '../components/StepHeading';
import { useApp } from '../hooks';
import { bridgeClient, call } from '../store/actions';
import { appStore } from '../store/app-store';
import { InspectedView } from './InspectedView';
import { InspectError } from './InspectError';

const CertificateViewer = lazy(() => import('./CertificateViewer'));

export default function Inspector() {
  const { t } = useTranslation();
  const error = useApp((s) => s.error);
  const desktop = useApp((s) => s.about?.electron != null);
  const hasCurrent = useApp((s) => s.snapshot?.cluster?.currentCtl != null);
  // In the store: a file the OS opens with the app arrives as an event (applyOpenedFile).
  const file = useApp((s) => s.inspectedFile);
  const setFile = (inspectedFile: InspectedFile | null) => appStore.setState({ inspectedFile });
  const [over, setOver] = useState(false);
  const [viewing, setViewing] = useState<InspectedEntry | null>(null);
  const [tooBig, setTooBig] = useState(false);
  const [tried, setTried] = useState<string | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const client = () => bridgeClient(appStore);

  async function open(picked: File) {
    setFile(null);
    setTried(picked.name);
    setTooBig(picked.size > MAX_FILE_BYTES);
    if (picked.size > MAX_FILE_BYTES) return;
    const base64 = toBase64(new Uint8Array(await picked.arrayBuffer()));
    const result = await call(appStore, 'inspector.open', () => client().inspector.open({ source: 'bytes', name: picked.name, base64 }));
    if (result && !('cancelled' in result)) setFile(result);
  }

  async function choose() {
    // The desktop app shows the system's Open dialog (main reads the file); the browser preview
    // uses the page's file picker.
    if (!desktop) return picker.current?.click();
    setTooBig(false);
    setTried(null);
    const result = await call(appStore, 'inspector.open', () => client().inspector.open({ source: 'dialog' }));
    if (result && !('cancelled' in result)) setFile(result);
  }

  async function openCurrent() {
    setFile(null);
    setTooBig(false);
    setTried(null);
    const result = await call(appStore, 'inspector.openCurrent', () => client().inspector.openCurrent());
    if (result) setFile({ ...result, name: t('inspector.currentName') });
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
        <p>{t('inspector.drop')}</p>
        <div className="actions">
          <button type="button" className="primary" onClick={() => void choose()}>
            {t('inspector.choose')}
          </button>
          <button type="button" disabled={!hasCurrent} aria-describedby={hasCurrent ? undefined : 'current-why'} onClick={() => void openCurrent()}>
            {t('inspector.openCurrent')}
          </button>
        </div>
        {!hasCurrent && (
          <p id="current-why" className="muted">
            {t('inspector.currentWhy')}
          </p>
        )}
        <input
          ref={picker}
          id="inspect-file"
          className="visually-hidden"
          type="file"
          accept=".tlv"
          tabIndex={-1}
          aria-label={t('inspector.choose')}
          onChange={(e) => {
            const picked = e.target.files?.[0];
            if (picked) void open(picked);
            e.target.value = '';
          }}
        />
      </div>
      {tooBig && (
        <p className="notice error" role="alert">
          {t('inspector.tooBig', { limit: INPUT_FILE_LIMIT_TEXT })}
        </p>
      )}
      {error && <InspectError error={error} name={tried ?? undefined} />}
      {file && <InspectedView file={file} onView={setViewing} />}
      {file && (
        <p className="muted">
          SHA-256 <Fingerprint hex={file.sha256} name={t('inspector.fileHash')} />
        </p>
      )}
      {viewing && (
        <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
          <CertificateViewer entry={viewing} onClose={() => setViewing(null)} />
        </Suspense>
      )}
    </div>
  );
}
