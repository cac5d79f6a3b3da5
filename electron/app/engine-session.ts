// A SessionPort over the real session engine, with the engine's adapters for the token
// service and the provider client. Accepted provider certificates persist in the trust store.
import type { EngineOptions } from '../session/context';
import { createSession } from '../session/engine';
import type { SessionEngine } from '../session/engine';
import { PROVIDER_PROOF_BATCH, ProviderClientPort } from '../session/adapters/provider';
import { FileTargetPort } from '../session/adapters/file-targets';
import { TftpCheckPort } from '../session/adapters/tftp';
import { TrustList } from '../session/adapters/trust';
import type { TokenPort as EngineTokenPort } from '../session/ports';
import type { HostKeyStore, TrustedCertificateStore } from '../services/trust-store';
import type { SessionPort } from './ports';

export function wrapEngine(engine: SessionEngine): SessionPort {
  return {
    snapshot: () => engine.snapshot(),
    execute: (command) => engine.dispatch(command),
    onSnapshot: (listener) => engine.subscribe(listener),
    refreshTokens: () => engine.refreshTokens(),
    // Snapshots carry no DER; the certificate viewer asks for it per entry.
    certificate: async (id) => engine.entryCertificate(id),
    currentCtl: () => engine.currentCtlBytes(),
    close: () => engine.dispose(),
  };
}

export function engineSessionFactory(tokens: EngineTokenPort, trustStore: TrustedCertificateStore & HostKeyStore, options: Partial<EngineOptions> = {}) {
  return async (): Promise<SessionPort> => {
    const trust = new TrustList();
    const engine = createSession(
      {
        tokens,
        providers: new ProviderClientPort({ trustStore, reaccept: (fingerprint) => trust.isExplicit(fingerprint) }),
        trust,
        // TFTP servers without a provider: SSH host keys are pinned in the same store.
        targets: new FileTargetPort(trustStore, PROVIDER_PROOF_BATCH),
        tftp: new TftpCheckPort(),
      },
      options,
    );
    return wrapEngine(engine);
  };
}
