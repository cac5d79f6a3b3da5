// A fingerprint as groups of four bytes ("AB:CD:EF:01 23:…"): a line may break between groups,
// never inside a byte or a group. The text reads (and copies) as the usual colon form.
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { fingerprintGroups, formatFingerprint } from '../format';
import { CopyButton } from './CopyButton';

export function Fingerprint({ hex, name, testId, copy = true }: { hex: string; name: string; testId?: string; copy?: boolean }) {
  const { t } = useTranslation();
  const groups = fingerprintGroups(hex);
  return (
    <span className="fingerprint">
      <span className="fp-groups" data-testid={testId}>
        {groups.map((group, i) => (
          <Fragment key={i}>
            <span className="fp-group">
              {group}
              {i < groups.length - 1 ? ':' : ''}
            </span>
            {i < groups.length - 1 && <wbr />}
          </Fragment>
        ))}
      </span>
      {copy && <CopyButton text={formatFingerprint(hex)} label={t('common.copyWhat', { what: name })} />}
    </span>
  );
}
