// Why a file could not be inspected. A malformed CTL/ITL says, in the UI language, that the file
// is not a valid CTL or ITL and where it stopped making sense (byte offset and, when known, the
// tag), with what the decoder found as the detail; other errors use the common banner.
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../components/ErrorBanner';
import { wordMessage } from '../components/engine-words';
import type { UiError } from '../store/app-store';
import { formatProblem } from './format-problem';

export function InspectError({ error, name }: { error: UiError; name?: string }) {
  const { t } = useTranslation();
  const problem = formatProblem(error);
  if (!problem) return <ErrorBanner error={error} />;
  const hex = `0x${problem.offset.toString(16).toUpperCase().padStart(4, '0')}`;
  return (
    <div className="notice error" role="alert">
      <p className="notice-title">{name ? t('inspector.badFileNamed', { name }) : t('inspector.badFile')}</p>
      <p>
        {problem.tag === null
          ? t('inspector.badAt', { offset: hex, decimal: problem.offset })
          : t('inspector.badAtTag', { offset: hex, decimal: problem.offset, tag: problem.tag })}
      </p>
      <p>
        {t('errors.details')}: {problem.problem ? wordMessage(t, problem.problem) : <span lang="en">{problem.reason}</span>}
      </p>
      <p>
        <strong>{t('errors.nextLabel')}</strong> {t('inspector.badNext')}
      </p>
    </div>
  );
}
