// The one typed IPC contract between the wizard and the main process: a zod schema for every
// request payload (main validates at run time; the renderer is not trusted) and the reply type
// of every method. The preload exposes exactly these methods as `window.ctlClient`; the
// development web bridge serves the same table over loopback HTTP.
import { z } from 'zod';
import type { CommandResult, SessionSnapshot } from '../session/types';
import { sessionCommandPayloads } from '../session/command-schema';
import { SESSION_COMMAND_TYPES, type SessionCommandType } from '../session/command-states';
import { fieldProblem } from '../session/field-issues';
import { entryIdSchema, hostSchema, pinSchema, portSchema, tokenSchema } from '../session/fields';
import type { TokenEvent, TokenInfo } from '../tokens/types';
import { INPUT_FILE_LIMIT } from './limits';
import { sessionMethodOf, type MethodName, type SessionCommandMethod, type SessionMethodOf } from './methods';
import { settingsPatchSchema } from './settings';
import type { Settings, TrustedCertificateView } from './settings';
import type { AboutInfo, InspectedFile, OpenedFile, SavedFile } from './views';

const empty = z.strictObject({});

/** Largest certificate DER the PEM export accepts (CTL certificates are 1–2 KB). */
export const MAX_CERTIFICATE_BYTES = 64 * 1024;

/** Largest CTL/ITL file the inspector accepts: the same limit as the command line's input files. */
export const MAX_INSPECT_BYTES = INPUT_FILE_LIMIT;

/** `session.<command>` takes that command's payload: the engine's own schema, not a copy. */
const sessionRequestSchemas = Object.fromEntries(
  SESSION_COMMAND_TYPES.map((type) => [sessionMethodOf(type), sessionCommandPayloads[type]]),
) as { [T in SessionCommandType as SessionMethodOf<T>]: (typeof sessionCommandPayloads)[T] };

export const requestSchemas = {
  ...sessionRequestSchemas,
  'app.about': empty,
  'session.snapshot': empty,
  /** Starts a fresh session after done/cancelled (or abandons one that has not committed). */
  'session.restart': empty,
  /** Certificate DER of a CTL entry, for the certificate viewer. */
  'session.certificate': z.strictObject({ id: entryIdSchema }),
  'settings.get': empty,
  'settings.set': settingsPatchSchema,
  /** The provider certificates accepted so far (the trust store shared with the command line). */
  'settings.trustedCertificates': empty,
  'settings.forgetTrustedCertificate': z.strictObject({ host: hostSchema, port: portSchema }),
  'tokens.list': empty,
  /** Main shows its file dialog for the PKCS#11 module (and confirms a path outside the known ones). */
  'tokens.chooseModule': empty,
  'tokens.changePin': z.strictObject({
    serial: tokenSchema,
    oldPin: pinSchema,
    newPin: pinSchema.min(4, fieldProblem('new-pin-short')),
  }),
  'inspector.open': z.union([
    // Main shows its file dialog (Electron); the web preview answers "unsupported".
    z.strictObject({ source: z.literal('dialog') }),
    // Bytes of a file the user picked or dropped in the window.
    z.strictObject({
      source: z.literal('bytes'),
      name: z.string().min(1).max(255),
      base64: z
        .string()
        .max(Math.ceil(MAX_INSPECT_BYTES / 3) * 4, fieldProblem('file-too-large'))
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, fieldProblem('base64')),
    }),
  ]),
  'report.save': empty,
  /** Shows the report saved last in the system's file manager (never a path the page names). */
  'report.reveal': empty,
  /** Saves a certificate as PEM where the user chooses (the host's Save dialog). */
  'certificate.savePem': z.strictObject({
    der: z.string().min(1).max(Math.ceil(MAX_CERTIFICATE_BYTES / 3) * 4, fieldProblem('too-long')).regex(/^[A-Za-z0-9+/]*={0,2}$/, fieldProblem('base64')),
    name: z.string().trim().min(1).max(120),
  }),
  /** The cluster's current CTL, as the session read it from the first node, in the inspector. */
  'inspector.openCurrent': empty,
} as const satisfies Record<MethodName, z.ZodType>; // `satisfies` also rejects extra names

export type RequestOf<M extends MethodName> = z.input<(typeof requestSchemas)[M]>;

/** Reply type of every method (main is trusted; replies are not re-validated). */
export type Replies = {
  [M in SessionCommandMethod]: CommandResult;
} & {
  'session.snapshot': SessionSnapshot;
  'session.restart': SessionSnapshot;
  /** Base64 DER, or null when the entry carries no certificate (stripped). */
  'session.certificate': { der: string | null };
  'app.about': AboutInfo;
  'settings.get': Settings;
  'settings.set': Settings;
  'settings.trustedCertificates': TrustedCertificateView[];
  /** The list after forgetting. */
  'settings.forgetTrustedCertificate': TrustedCertificateView[];
  'tokens.list': TokenInfo[];
  'tokens.chooseModule': Settings | { cancelled: true };
  'tokens.changePin': { changed: true };
  'inspector.open': InspectedFile | { cancelled: true };
  'report.save': SavedFile;
  /** `shown` false: this host cannot open a file manager; `folder` says where the file is. */
  'report.reveal': { shown: boolean; folder: string };
  'certificate.savePem': SavedFile;
  'inspector.openCurrent': InspectedFile;
};

/** Payload of every event. */
export interface Events {
  'session:snapshot': SessionSnapshot;
  'tokens:event': TokenEvent;
  /** A file the operating system opened with the app (.tlv association, File > Open CTL…). */
  'inspector:open-file': OpenedFile;
}
