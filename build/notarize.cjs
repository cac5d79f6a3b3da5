// electron-builder afterSign hook: notarizes the signed macOS app with Apple's notary service
// when credentials are in the environment, and skips with a notice when they are not, so that
// unsigned development and CI builds still work. A partial set of credentials is an error (a
// release that silently skips notarization would be rejected by Gatekeeper on every admin's Mac).
//
// Credentials, in order of preference (the same variables electron-builder documents):
//   1. APPLE_API_KEY (path to the .p8 key), APPLE_API_KEY_ID, APPLE_API_ISSUER
//   2. APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID
//   3. APPLE_KEYCHAIN_PROFILE (and optionally APPLE_KEYCHAIN)
// CTL_REQUIRE_NOTARIZATION=1 turns "no credentials" into an error (set by the release workflow
// when it is meant to publish notarized builds).
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- electron-builder loads this hook as CommonJS */

const path = require('node:path');

const SETS = [
  { name: 'App Store Connect API key', vars: ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'] },
  { name: 'Apple ID', vars: ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'] },
  { name: 'keychain profile', vars: ['APPLE_KEYCHAIN_PROFILE'] },
];

function present(env, name) {
  const value = env[name];
  return typeof value === 'string' && value.trim() !== '';
}

/**
 * Decides what to do from the environment alone. Returns { action: 'skip', reason } or
 * { action: 'notarize', method, credentials }. Throws on a partial credential set. Messages name
 * variables, never their values.
 */
function notarizePlan(env) {
  for (const set of SETS) {
    const have = set.vars.filter((v) => present(env, v));
    if (have.length === set.vars.length) {
      if (set.vars[0] === 'APPLE_API_KEY') {
        return {
          action: 'notarize',
          method: set.name,
          credentials: { appleApiKey: env.APPLE_API_KEY, appleApiKeyId: env.APPLE_API_KEY_ID, appleApiIssuer: env.APPLE_API_ISSUER },
        };
      }
      if (set.vars[0] === 'APPLE_ID') {
        return {
          action: 'notarize',
          method: set.name,
          credentials: { appleId: env.APPLE_ID, appleIdPassword: env.APPLE_APP_SPECIFIC_PASSWORD, teamId: env.APPLE_TEAM_ID },
        };
      }
      const credentials = { keychainProfile: env.APPLE_KEYCHAIN_PROFILE };
      if (present(env, 'APPLE_KEYCHAIN')) credentials.keychain = env.APPLE_KEYCHAIN;
      return { action: 'notarize', method: set.name, credentials };
    }
    if (have.length > 0) {
      const missing = set.vars.filter((v) => !present(env, v));
      throw new Error(`notarize: ${set.name} credentials are incomplete: ${have.join(', ')} set but ${missing.join(', ')} missing`);
    }
  }
  if (env.CTL_REQUIRE_NOTARIZATION === '1') {
    throw new Error('notarize: CTL_REQUIRE_NOTARIZATION=1 but no Apple credentials are set (see docs/packaging.md)');
  }
  return { action: 'skip', reason: 'no Apple notarization credentials in the environment (see docs/packaging.md)' };
}

/** @electron/notarize ships with electron-builder; resolve it from there, not from the app. */
function loadNotarize() {
  const builderLib = require.resolve('app-builder-lib/package.json');
  const modulePath = require.resolve('@electron/notarize', { paths: [path.dirname(builderLib)] });
  return require(modulePath).notarize;
}

async function afterSign(context) {
  if (context.electronPlatformName !== 'darwin') return;
  const plan = notarizePlan(process.env);
  if (plan.action === 'skip') {
    console.warn(`notarize: skipped: ${plan.reason}`);
    return;
  }
  const appName = context.packager.appInfo.productFilename;
  const appPath = path.join(context.appOutDir, `${appName}.app`);
  console.warn(`notarize: submitting ${appName}.app with the ${plan.method}`);
  const notarize = loadNotarize();
  await notarize({ appPath, ...plan.credentials });
  console.warn(`notarize: ${appName}.app notarized and stapled`);
}

module.exports = afterSign;
module.exports.default = afterSign;
module.exports.notarizePlan = notarizePlan;
