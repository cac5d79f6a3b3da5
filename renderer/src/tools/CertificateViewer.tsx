// The certificate viewer: subject, issuer, serial, validity in the UI language with the time
// left, key algorithm and size in words, SHA-256/SHA-1 fingerprints with Copy, decoded
// extensions and PEM export, parsed from the DER (lazy-loaded with this module). Entries whose
// certificate was stripped (non-secure mode) show the fields the CTL record still carries.
import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { InspectedEntry } from '../../../shared/ipc/views';
import type { EntryRow } from '../../../shared/session/types';
import { Modal } from '../components/Modal';
import { pemFromBase64 } from '../../../shared/ipc/pem';
import { CopyButton } from '../components/CopyButton';
import { Expiry } from '../components/Expiry';
import { Fingerprint } from '../components/Fingerprint';
import { displayDn, formatDateTime } from '../format';
import { Dn } from '../components/Dn';
import { ErrorBanner } from '../components/ErrorBanner';
import { useApp } from '../hooks';
import { bridgeClient, call } from '../store/actions';
import { appStore } from '../store/app-store';
import { parseCertificate } from './cert-fields';
import type { CertificateFields, PublicKeyField } from './cert-fields';
import { ExtensionList } from './ExtensionList';

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
  const { t, i18n } = useTranslation();
  const [der, setDer] = useState<string | null>(null);
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
          setDer(der);
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

  const name = host || fields?.subject || entry.subject;
  return (
    <Modal title={t('cert.title', { entry: host || displayDn(entry.subject) })} onClose={onClose}>
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
        <dd><Dn name={fields?.subject ?? entry.subject} /></dd>
        <dt>{t('cert.issuer')}</dt>
        <dd><Dn name={fields?.issuer ?? entry.issuer} /></dd>
        <dt>{t('cert.serial')}</dt>
        <dd className="mono">{fields?.serial ?? (isEntryRow(entry) ? entry.serial : entry.serialHex)}</dd>
        {fields && (
          <>
            <dt>{t('cert.validFrom')}</dt>
            <dd>{formatDateTime(fields.notBefore, i18n.language)}</dd>
            <dt>{t('cert.expires')}</dt>
            <dd>
              <Expiry iso={fields.notAfter} />
            </dd>
            <dt>{t('cert.key')}</dt>
            <dd>{keyWords(t, fields.publicKey)}</dd>
            <dt>{t('cert.signatureAlgorithm')}</dt>
            <dd>{fields.signature.hash ? t('cert.signedWith', { hash: fields.signature.hash, scheme: fields.signature.scheme }) : fields.signature.scheme}</dd>
            <dt>{t('cert.sha256')}</dt>
            <dd>
              <Fingerprint hex={fields.sha256} name={t('cert.sha256')} />
            </dd>
            <dt>{t('cert.sha1')}</dt>
            <dd>
              <Fingerprint hex={fields.sha1} name={t('cert.sha1')} />
            </dd>
          </>
        )}
      </dl>
      {fields && fields.extensions.length > 0 && (
        <>
          <h3>{t('cert.extensions')}</h3>
          <ExtensionList extensions={fields.extensions} />
        </>
      )}
      {der && <PemExport der={der} name={name} />}
      <div className="actions">
        <button type="button" onClick={onClose} data-autofocus="">
          {t('common.close')}
        </button>
      </div>
    </Modal>
  );
}

/** "RSA, 2048 bits" / "EC, P-256" in the UI language. */
function keyWords(t: TFunction, key: PublicKeyField): string {
  if (key.bits !== null) return t('cert.keyBits', { algorithm: key.algorithm, bits: key.bits });
  if (key.curve !== null) return t('cert.keyCurve', { algorithm: key.algorithm, curve: key.curve });
  return key.algorithm;
}

/** Copy the PEM text, or save it as a .pem file where the user chooses (main's Save dialog). */
function PemExport({ der, name }: { der: string; name: string }) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState<string | null>(null);
  const error = useApp((s) => s.error);
  return (
    <>
    {error && <ErrorBanner error={error} />}
    <div className="actions">
      <CopyButton text={pemFromBase64(der)} label={t('cert.copyPem')} visible={t('cert.copyPem')} />
      <button
        type="button"
        className="small"
        onClick={async () => {
          const result = await call(appStore, 'certificate.savePem', () => bridgeClient(appStore).certificate.savePem({ der, name }));
          if (result?.path) setSaved(result.path);
        }}
      >
        {t('cert.savePem')}
      </button>
      <span role="status" className="muted">
        {saved ? t('cert.pemSaved', { path: saved }) : ''}
      </span>
    </div>
    </>
  );
}
