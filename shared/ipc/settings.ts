// Persisted user settings (user data folder, settings.json). The schema is the single source:
// the main process validates the file on load and every change the renderer asks for.
import { z } from 'zod';
import { WRITABLE_HASHES } from '../ctl/model';
import { LANGUAGES } from '../i18n/language';
import { FIELD_LIMITS, hostSchema, portSchema } from '../session/fields';

/** The settings file's name in the app's user data folder. */
export const SETTINGS_FILE = 'settings.json';

export { LANGUAGES, type Language } from '../i18n/language';

export const recentClusterSchema = z.strictObject({
  host: hostSchema,
  port: portSchema,
  username: z.string().max(FIELD_LIMITS.username),
});
export type RecentCluster = z.infer<typeof recentClusterSchema>;

export const settingsSchema = z.strictObject({
  version: z.literal(1),
  language: z.enum(LANGUAGES).nullable(),
  theme: z.enum(['system', 'light', 'dark']),
  /** null: follow the current CTL's algorithm (SHA-1 for a first CTL), as the engine does. */
  // A SHA-256 preference saved by an earlier version reads as no preference: it is never written again.
  hashAlgorithm: z.union([z.enum(WRITABLE_HASHES), z.literal('sha256').transform(() => null)]).nullable(),
  /** Set by the main process only (its file dialog, or the command line), never by the renderer. */
  pkcs11Module: z.string().max(4096).nullable(),
  /** Module paths outside the known vendor locations that the administrator confirmed in a main-process dialog. */
  confirmedPkcs11Modules: z.array(z.string().max(4096)).max(20).default([]),
  recentClusters: z.array(recentClusterSchema).max(10),
  // Accepted provider certificates are not settings: they live in the trust store the app
  // shares with the command line (electron/services/trust-store).
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  version: 1,
  language: null,
  theme: 'system',
  // No preference until the administrator picks one on the review screen: a new CTL keeps the
  // current CTL's algorithm (phones already accept it), and a first CTL is SHA-1, which phones
  // of the 6.x era need. A saved choice becomes the default of every new session.
  hashAlgorithm: null,
  pkcs11Module: null,
  confirmedPkcs11Modules: [],
  recentClusters: [],
};

/**
 * What the renderer may change directly; recents change through the session, the
 * PKCS#11 module only through main's file dialog (tokens.chooseModule).
 */
export const settingsPatchSchema = z.strictObject({
  language: z.enum(LANGUAGES).nullable().optional(),
  theme: z.enum(['system', 'light', 'dark']).optional(),
  hashAlgorithm: z.enum(WRITABLE_HASHES).nullable().optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** A provider certificate the administrator accepted (trust store), as the Settings screen lists it. */
export interface TrustedCertificateView {
  host: string;
  port: number;
  /** SHA-256 of the certificate, lower-case hex. */
  sha256: string;
  /** ISO 8601. */
  acceptedAt: string;
}
