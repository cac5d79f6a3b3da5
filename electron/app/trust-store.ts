// The app's store of accepted provider certificates: the per-user trust store the command
// line uses too, so a node trusted in one is trusted in the other. A development or test run
// that chose its own user data folder (CTL_USER_DATA_DIR, the web preview) keeps its store
// there instead, never touching the user's real one.
import { join } from 'node:path';
import { FileTrustStore, defaultTrustStoreFile, legacyPinFile, openTrustStore, TRUST_STORE_FILE } from '../services/trust-store';
import { SETTINGS_FILE } from './settings-store';

export async function openAppTrustStore(userDataDir: string, ownFolder: boolean): Promise<FileTrustStore> {
  const settingsFile = join(userDataDir, SETTINGS_FILE);
  const file = ownFolder ? join(userDataDir, TRUST_STORE_FILE) : defaultTrustStoreFile();
  try {
    return await openTrustStore(file, ownFolder ? { settingsFile } : { settingsFile, pinFile: legacyPinFile() });
  } catch (error) {
    // The app still opens: the earlier files stay as they are, and a node whose certificate
    // was not imported asks for confirmation again (the safe direction).
    console.warn(`trust store: migration skipped: ${(error as Error).message}`);
    return new FileTrustStore(file);
  }
}
