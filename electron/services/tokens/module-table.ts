// Known PKCS#11 modules per OS and architecture, in order of preference: the SafeNet
// (Aladdin) eToken middleware Cisco ships tokens for first, then OpenSC, then SoftHSM (demo
// and tests). Data only: adding a vendor or a path is a one-line change.

export interface ModuleCandidate {
  /** Product name shown to the administrator. */
  name: string;
  /** What to install when nothing loads. */
  install: string;
  paths: string[];
}

type PlatformKey = `${NodeJS.Platform}-${string}`;

const safenet = 'SafeNet Authentication Client (eToken)';
const safenetInstall = 'SafeNet Authentication Client from Thales (formerly Gemalto/Aladdin)';
const opensc = 'OpenSC';
const softhsm = 'SoftHSM 2';

function linux(triplet: string): ModuleCandidate[] {
  return [
    {
      name: safenet,
      install: safenetInstall,
      paths: ['/usr/lib/libeTPkcs11.so', '/usr/lib64/libeTPkcs11.so', '/usr/lib/libeToken.so', '/usr/lib64/libeToken.so', `/usr/lib/${triplet}/libeTPkcs11.so`],
    },
    {
      name: opensc,
      install: 'the opensc package (apt install opensc / dnf install opensc)',
      paths: [`/usr/lib/${triplet}/opensc-pkcs11.so`, '/usr/lib64/opensc-pkcs11.so', '/usr/lib/opensc-pkcs11.so', `/usr/lib/${triplet}/pkcs11/opensc-pkcs11.so`],
    },
    {
      name: softhsm,
      install: 'the softhsm2 package (apt install softhsm2), for demo tokens only',
      paths: ['/usr/lib/softhsm/libsofthsm2.so', `/usr/lib/${triplet}/softhsm/libsofthsm2.so`, '/usr/lib64/pkcs11/libsofthsm2.so', '/usr/local/lib/softhsm/libsofthsm2.so'],
    },
  ];
}

function mac(brewPrefix: string): ModuleCandidate[] {
  return [
    {
      name: safenet,
      install: safenetInstall,
      paths: ['/usr/local/lib/libeTPkcs11.dylib', '/Library/Frameworks/eToken.framework/Versions/Current/libeToken.dylib'],
    },
    {
      name: opensc,
      install: 'OpenSC (the installer from github.com/OpenSC/OpenSC or brew install opensc)',
      paths: ['/Library/OpenSC/lib/opensc-pkcs11.so', `${brewPrefix}/lib/opensc-pkcs11.so`],
    },
    { name: softhsm, install: 'brew install softhsm, for demo tokens only', paths: [`${brewPrefix}/lib/softhsm/libsofthsm2.so`] },
  ];
}

function windows(programFiles: string, system32: string): ModuleCandidate[] {
  return [
    { name: safenet, install: safenetInstall, paths: [`${system32}\\eTPKCS11.dll`, `${system32}\\eToken.dll`] },
    { name: opensc, install: 'OpenSC for Windows (the .msi from github.com/OpenSC/OpenSC)', paths: [`${programFiles}\\OpenSC Project\\OpenSC\\pkcs11\\opensc-pkcs11.dll`] },
    { name: softhsm, install: 'SoftHSM2 for Windows, for demo tokens only', paths: ['C:\\SoftHSM2\\lib\\softhsm2-x64.dll', `${programFiles}\\SoftHSM2\\lib\\softhsm2-x64.dll`] },
  ];
}

const table: Partial<Record<PlatformKey, ModuleCandidate[]>> = {
  'linux-x64': linux('x86_64-linux-gnu'),
  'linux-arm64': linux('aarch64-linux-gnu'),
  'darwin-x64': mac('/usr/local'),
  'darwin-arm64': mac('/opt/homebrew'),
  'win32-x64': windows('C:\\Program Files', 'C:\\Windows\\System32'),
  'win32-arm64': windows('C:\\Program Files', 'C:\\Windows\\System32'),
};

export function knownModules(platform: NodeJS.Platform = process.platform, arch: string = process.arch): ModuleCandidate[] {
  return table[`${platform}-${arch}`] ?? [];
}
