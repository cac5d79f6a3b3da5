// The names of every bridge method and event, free of zod so the renderer and the preload can
// import them without pulling the schema library into their bundles. `contract.ts` pairs each
// name with its request schema and reply type; the compiler checks the two lists agree.

import type { SessionCommandType } from '../session/types';

export const METHOD_NAMES = [
  'app.about',
  'session.snapshot',
  'session.connect',
  'session.trustProvider',
  'session.chooseMode',
  'session.previewToken',
  'session.addToken',
  'session.tokensDone',
  'session.addTftpServer',
  'session.addFirewall',
  'session.deleteEntries',
  'session.setHashAlgorithm',
  'session.chooseSigner',
  'session.goToReview',
  'session.overrideCheck',
  'session.sign',
  'session.retry',
  'session.rollback',
  'session.cancel',
  'session.back',
  'session.restart',
  'session.certificate',
  'settings.get',
  'settings.set',
  'settings.trustedCertificates',
  'settings.forgetTrustedCertificate',
  'tokens.list',
  'tokens.chooseModule',
  'tokens.changePin',
  'inspector.open',
  'report.save',
  'report.reveal',
  'certificate.savePem',
  'inspector.openCurrent',
] as const;

export type MethodName = (typeof METHOD_NAMES)[number];

/** Events main pushes to the renderer. */
export const EVENT_NAMES = ['session:snapshot', 'tokens:event', 'inspector:open-file'] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** Session methods and the engine command each one sends (see shared/session/types.ts). */
export const SESSION_COMMANDS = {
  'session.connect': 'connect',
  'session.trustProvider': 'trust-provider',
  'session.chooseMode': 'choose-mode',
  'session.previewToken': 'preview-token',
  'session.addToken': 'add-token',
  'session.tokensDone': 'tokens-done',
  'session.addTftpServer': 'add-tftp-server',
  'session.addFirewall': 'add-firewall',
  'session.deleteEntries': 'delete-entries',
  'session.setHashAlgorithm': 'set-hash-algorithm',
  'session.chooseSigner': 'choose-signer',
  'session.goToReview': 'go-to-review',
  'session.overrideCheck': 'override-check',
  'session.sign': 'sign',
  'session.retry': 'retry',
  'session.rollback': 'rollback',
  'session.cancel': 'cancel',
  'session.back': 'back',
} as const satisfies Partial<Record<MethodName, SessionCommandType>>;

export type SessionCommandMethod = keyof typeof SESSION_COMMANDS;

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && (METHOD_NAMES as readonly string[]).includes(name);
}
