// The one store of trusted provider certificates, shared by the desktop app and the command line.
export { FileTrustStore, MemoryTrustStore, TrustStoreError, readTrustStore, type HostKeyStore, type TrustedCertificate, type TrustedCertificateStore, type TrustedHostKey } from './store';
export { TRUST_STORE_VERSION, type TrustStoreFile } from './file-format';
export { defaultTrustStoreFile, legacyPinFile, appSettingsFile, TRUST_STORE_FILE } from './locations';
export { migrateLegacyTrust, describeMigration, openTrustStore, LEGACY_SETTINGS_FIELD, type LegacyTrustSources, type MigrationReport } from './migrate';
export { TrustStoreLockError, STALE_LOCK_MS } from './lock';
