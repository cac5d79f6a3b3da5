// Step 3: tokens. Done moves on to the CTL entries when enough tokens are in.
import { useTranslation } from 'react-i18next';
import type { SessionSnapshot } from '../../../shared/session/types';
import { StepHeading } from '../components/StepHeading';
import { WizardFooter } from '../components/WizardFooter';
import { useApp } from '../hooks';
import { bridgeClient, command } from '../store/actions';
import { appStore } from '../store/app-store';
import { TokenPanel } from './TokenPanel';

export function TokensScreen({ snapshot }: { snapshot: SessionSnapshot }) {
  const { t } = useTranslation();
  const pending = useApp((s) => s.pending);
  const tokens = snapshot.tokens;
  const enough = tokens ? !tokens.mustProve && (tokens.requirement !== 'first-time' || tokens.added.length >= tokens.minimum) : false;
  const canFinish = snapshot.allowed.includes('tokens-done') && enough;
  return (
    <div>
      <StepHeading>{t('tokens.title')}</StepHeading>
      {tokens ? <TokenPanel tokens={tokens} /> : <p>{t('common.loading')}</p>}
      <WizardFooter why={canFinish || !tokens ? null : { id: 'tokens-done-why', text: tokens.mustProve ? t('tokens.doneWhyProve') : t('tokens.doneWhy', { minimum: tokens.minimum }) }}>
        <button
          type="button"
          className="primary"
          disabled={pending !== null || !canFinish}
          aria-describedby={canFinish ? undefined : 'tokens-done-why'}
          onClick={() => command(appStore, 'session.tokensDone', () => bridgeClient(appStore).session.tokensDone())}
        >
          {t('tokens.done')}
        </button>
      </WizardFooter>
    </div>
  );
}
