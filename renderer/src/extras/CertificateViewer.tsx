// The certificate viewer: subject, issuer, serial, validity, SHA-256/SHA-1 fingerprints, key
// type/size and extensions, parsed from the DER (lazy-loaded with this module). Entries whose
// certificate was stripped (non-secure mode) show the fields the CTL record still carries.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InspectedEntry } from '../../../shared/ipc/views';
import type { EntryRow } from '../../../shared/session/types';
import { Modal } from '../components/Modal';
import { formatFingerprint } from '../format';
import { bridgeClient } from '../store/actions';
import { appStore } from '../store/app-store';
import { parseCertificate } from './cert-fields';
import type { CertificateFields } from './cert-fields';

type Entry = EntryRow | InspectedEntry;

function isEntryRow(entry: Entry): entry is EntryRow {
  return 'id' in entry;
}

async function loadDer(entry: Entry): Promise<string | null> {
  if (!isEntryRow(entry)) return entry.certificate;
  const result = await bridgeClient(appStore).session.certificate({ id: entry.id });
  if (!result.ok) throw new Error(result.error.message);
  return result.value.der;
}

export default function CertificateViewer({ entry, onClose }: { entry: Entry; onClose: () => void }) {
  const { t } = useTranslation();
  const [fields, setFields] = useState<CertificateFields | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'stripped' | 'error'>('loading');
  const [problem, setProblem] = useState('');
  const host = isEntryRow(entry) ? entry.host : entry.dnsName;

  useEffect(() => {
    let live = true;
    loadDer(entry)
      .then(async (der) => {
        if (!live) return;
        if (!der) return setState('stripped');
        const parsed = await parseCertificate(der);
        if (live) {
          setFields(parsed);
          setState('ready');
        }
      })
      .catch((error: Error) => {
        if (live) {
          setProblem(error.message);
          setState('error');
        }
      });
    return () => {
      live = false;
    };
  }, [entry]);

  return (
    <Modal title={t('cert.title', { entry: host || entry.subject })} onClose={onClose}>
      <p className="visually-hidden" role="status">
        {state === 'loading' ? t('common.loading') : ''}
      </p>
      {state === 'error' && (
        <p className="notice error" role="alert">
          {t('cert.parseError')}: {problem}
        </p>
      )}
      {state === 'stripped' && <p className="notice info">{t('cert.stripped')}</p>}
      <dl className="facts">
        <dt>{t('entries.role')}</dt>
        <dd>{entry.role}</dd>
        <dt>{t('cert.subject')}</dt>
        <dd>{fields?.subject ?? entry.subject}</dd>
        <dt>{t('cert.issuer')}</dt>
        <dd>{fields?.issuer ?? entry.issuer}</dd>
        <dt>{t('cert.serial')}</dt>
        <dd className="mono">{fields?.serial ?? (isEntryRow(entry) ? entry.serial : entry.serialHex)}</dd>
        {fields && (
          <>
            <dt>{t('cert.validity')}</dt>
            <dd>
              {fields.notBefore} – {fields.notAfter}
            </dd>
            <dt>{t('cert.sha256')}</dt>
            <dd className="mono">{formatFingerprint(fields.sha256)}</dd>
            <dt>{t('cert.sha1')}</dt>
            <dd className="mono">{formatFingerprint(fields.sha1)}</dd>
            <dt>{t('cert.key')}</dt>
            <dd>{fields.keyType}</dd>
            <dt>{t('cert.signatureAlgorithm')}</dt>
            <dd>{fields.signatureAlgorithm}</dd>
          </>
        )}
      </dl>
      {fields && fields.extensions.length > 0 && (
        <>
          <h3>{t('cert.extensions')}</h3>
          <ul>
            {fields.extensions.map((ext, i) => (
              <li key={`${ext.oid}-${i}`}>
                <strong>{ext.name}</strong>
                {ext.critical ? ` (${t('cert.critical')})` : ''}: <span className="mono">{ext.value || ext.oid}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="actions">
        <button type="button" onClick={onClose} autoFocus>
          {t('common.close')}
        </button>
      </div>
    </Modal>
  );
}
