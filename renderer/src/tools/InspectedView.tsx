// An inspected CTL/ITL: whether its signature verifies, its header (kind, version, signer with
// its serial and issuer, hash, time stamp, size) and its entries, each opening the viewer.
import { useTranslation } from 'react-i18next';
import type { InspectedEntry, InspectedFile } from '../../../shared/ipc/views';
import { WEBCRYPTO_HASH } from '../../../shared/ctl/tags';
import { EntryCells, EntryHeaders, ViewCell } from '../components/EntryCells';
import { formatDateTime } from '../format';
import { Dn } from '../components/Dn';
import { wordMessage } from '../components/engine-words';

export function InspectedView({ file, onView }: { file: InspectedFile; onView: (entry: InspectedEntry) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="inspected-h">
      <h2 id="inspected-h">{file.name}</h2>
      <p role="status" className={file.signature.valid ? 'notice ok' : 'notice error'}>
        {file.signature.valid
          ? t('inspector.signatureValid', { index: (file.signature.signerIndex ?? 0) + 1 })
          : t('inspector.signatureInvalid', { reason: file.signature.problem ? wordMessage(t, file.signature.problem) : '' })}
      </p>
      <dl className="facts">
        <dt>{t('inspector.kind')}</dt>
        <dd>
          {file.kind} ({file.filename}), {t('inspector.version')} {file.version}
        </dd>
        <dt>{t('inspector.signer')}</dt>
        <dd><Dn name={file.signer.subject} /></dd>
        <dt>{t('inspector.signerSerial')}</dt>
        <dd className="mono">{file.signer.serialHex}</dd>
        <dt>{t('inspector.signerIssuer')}</dt>
        <dd><Dn name={file.signer.issuer} /></dd>
        <dt>{t('review.hash')}</dt>
        <dd>{t('inspector.signature', { hash: WEBCRYPTO_HASH[file.hashAlgorithm], bits: file.modulusBits })}</dd>
        <dt>{t('inspector.timestamp')}</dt>
        <dd>{formatDateTime(file.timestamp, i18n.language)}</dd>
        <dt>{t('inspector.size')}</dt>
        <dd>{t('inspector.bytes', { count: file.size })}</dd>
      </dl>
      <div className="table-wrap">
        <table>
          <caption>{t('inspector.entries', { count: file.entries.length })}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <EntryHeaders />
              <th scope="col">{t('entries.certificate')}</th>
            </tr>
          </thead>
          <tbody>
            {file.entries.map((entry) => (
              <tr key={entry.index}>
                <td className="num">{entry.index + 1}</td>
                <EntryCells role={entry.role} host={entry.dnsName} ip={entry.ipAddress} subject={entry.subject} notAfter={entry.notAfter} />
                <ViewCell entry={entry.dnsName || entry.subject} onView={() => onView(entry)} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
