// Environment variables that choose what the app trusts: CTL_PKCS11_MODULE (which native
// library gets the token PIN) and CTL_USER_DATA_DIR (which settings, and so which pinned
// provider fingerprints, are used). Tests and development runs need them; an installed app
// must not let a launcher script or a poisoned environment pick them, so there they are
// ignored and the module path comes from the settings screen alone.

export const TRUST_ENV_VARS = ['CTL_PKCS11_MODULE', 'CTL_USER_DATA_DIR'] as const;

export interface LaunchOverrides {
  /** User data folder override, or null to keep Electron's default. */
  userDataDir: string | null;
  /** Variables that were set but ignored (packaged build), for one log line. */
  ignored: string[];
}

/**
 * Reads the overrides and, in a packaged build, removes them from `env` (pass process.env):
 * the token worker thread starts with a copy of process.env and reads CTL_PKCS11_MODULE
 * there, so deleting it here is what keeps it from choosing the module.
 */
export function launchOverrides(env: NodeJS.ProcessEnv, isPackaged: boolean): LaunchOverrides {
  if (!isPackaged) return { userDataDir: env.CTL_USER_DATA_DIR || null, ignored: [] };
  const ignored: string[] = [];
  for (const name of TRUST_ENV_VARS) {
    if (env[name] !== undefined) ignored.push(name);
    delete env[name];
  }
  return { userDataDir: null, ignored };
}
