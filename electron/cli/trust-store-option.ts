// --trust-store <file>: where the command line keeps the provider certificates the
// administrator accepted. Without it, the store the desktop app uses too (migrating the
// earlier stores on first use). --pins is the option's earlier name, still accepted.
import {
  FileTrustStore, TrustStoreError, TrustStoreLockError, appSettingsFile, defaultTrustStoreFile, legacyPinFile, openTrustStore,
} from '../services/trust-store';
import { CliError, UsageError } from './args';
import { printError } from './print';

/** The parseCommandArgs options of every command that connects to a provider. */
export const TRUST_STORE_OPTIONS = { 'trust-store': { type: 'string' }, pins: { type: 'string' } } as const;

export async function trustStoreOption(values: { 'trust-store'?: string; pins?: string }): Promise<FileTrustStore> {
  if (values['trust-store'] && values.pins) throw new UsageError('use --trust-store, not both --trust-store and --pins');
  if (values.pins) printError('--pins is deprecated; use --trust-store <file>');
  const file = values['trust-store'] ?? values.pins;
  try {
    const store = file ? new FileTrustStore(file) : await openTrustStore(defaultTrustStoreFile(), { settingsFile: appSettingsFile(), pinFile: legacyPinFile() }, (line) => printError(line));
    // Read once now: a damaged store stops the command before it connects anywhere.
    await store.list();
    return store;
  } catch (error) {
    // An I/O error of the administrator's own files (exit 1), worded by the store.
    if (error instanceof TrustStoreError || error instanceof TrustStoreLockError) throw new CliError(error.message);
    throw error;
  }
}
