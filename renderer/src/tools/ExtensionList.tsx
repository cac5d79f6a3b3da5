// The certificate's extensions in words: names, CA or not, key usages, extended key usages,
// alternative names and key identifiers; unknown ones by OID with the library's text.
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { formatFingerprint } from '../format';
import type { DecodedExtension, ExtensionField } from './cert-fields';

/** A translated word for `key` under `prefix`, or the key itself when there is none. */
function word(t: TFunction, prefix: string, key: string): string {
  const full = `${prefix}.${key}`;
  const text = t(full);
  return text === full ? key : text;
}

function Decoded({ value }: { value: DecodedExtension }) {
  const { t } = useTranslation();
  switch (value.kind) {
    case 'basic-constraints':
      return <>{value.ca ? (value.pathLength === null ? t('cert.isCa') : t('cert.isCaPath', { count: value.pathLength })) : t('cert.notCa')}</>;
    case 'key-usage':
    case 'extended-key-usage':
      return <>{value.usages.map((u) => word(t, value.kind === 'key-usage' ? 'cert.keyUsage' : 'cert.eku', u)).join(', ')}</>;
    case 'names':
      return (
        <>
          {value.names.map((n, i) => (
            <span key={i} className="nowrap">
              {word(t, 'cert.nameType', n.type)}: {n.value}
              {i < value.names.length - 1 ? ', ' : ''}
            </span>
          ))}
        </>
      );
    case 'key-id':
      return <span className="mono">{formatFingerprint(value.keyId)}</span>;
    case 'text':
      return <span className="mono">{value.text}</span>;
  }
}

export function ExtensionList({ extensions }: { extensions: ExtensionField[] }) {
  const { t } = useTranslation();
  return (
    <dl className="facts">
      {extensions.map((ext, i) => (
        <div key={`${ext.oid}-${i}`} className="facts-row">
          <dt>
            {ext.key ? t(`cert.ext.${ext.key}`) : ext.oid}
            {ext.critical && <span className="badge warn">{t('cert.critical')}</span>}
          </dt>
          <dd>
            <Decoded value={ext.decoded} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
