// ctl-client tokens: list PKCS#11 tokens, change a token PIN, create demo SoftHSM tokens.
import type { TokenInfo } from '../../../shared/tokens/types';
import { initDemoTokens } from '../../services/tokens/demo-tokens';
import { TokenError } from '../../services/tokens/errors';
import { closePinInput, confirmOnTerminal, promptPin, readPinFile } from '../../services/tokens/pin-input';
import { SEVERAL_TOKENS_WARNING, TokenService } from '../../services/tokens/token-service';
import { parseCommandArgs, UsageError, type CliCommand } from '../args';
import { didYouMean } from '../suggest';
import { tokenCliError } from '../token-errors';
import { printLine, printError } from '../print';


function pinText(token: TokenInfo): string {
  if (token.pin.locked) return 'LOCKED (security officer must unlock)';
  if (token.pin.finalTry) return 'FINAL TRY (one more wrong PIN locks it)';
  if (token.pin.countLow) return 'wrong PINs counted';
  return token.pin.toBeChanged ? 'ok, change required' : 'ok';
}

function printHuman(tokens: TokenInfo[], module: string, skipped: string[]): void {
  printLine(`PKCS#11 module: ${module}`);
  if (tokens.length === 0) {
    printLine('No token inserted.');
    if (skipped.length > 0) printLine(`Other modules tried: ${skipped.join('; ')}`);
  }
  for (const token of tokens) {
    printLine(`\n${token.label}  (serial ${token.serial}, slot ${token.slot})`);
    printLine(`  ${token.manufacturer} / ${token.model}`);
    printLine(`  PIN: ${pinText(token)}`);
    if (token.certificates.length === 0) printLine('  No certificate.');
    token.certificates.forEach((cert, index) => {
      const tag = index === token.sastCertificate ? ' [SAST]' : '';
      printLine(`  Certificate${tag}: ${cert.subject}`);
      printLine(`    issuer ${cert.issuer}; serial ${cert.serial}; valid until ${cert.notAfter}; private key: ${cert.hasPrivateKey ? 'yes' : 'no'}`);
    });
    if (token.certificates.length > 1 && token.sastCertificate === null) printLine('  Several certificates: choose the SAST certificate explicitly.');
  }
  if (tokens.length > 1) printError(`\nWarning: ${SEVERAL_TOKENS_WARNING}`);
}

function toJson(tokens: TokenInfo[]) {
  return tokens.map((t) => ({
    slot: t.slot,
    label: t.label,
    serial: t.serial,
    manufacturer: t.manufacturer,
    model: t.model,
    pin: { countLow: t.pin.countLow, finalTry: t.pin.finalTry, locked: t.pin.locked },
    certificates: t.certificates.map((c, index) => ({
      subject: c.subject,
      issuer: c.issuer,
      serial: c.serial,
      notAfter: c.notAfter,
      hasPrivateKey: c.hasPrivateKey,
      sha256: c.sha256,
      sast: index === t.sastCertificate,
    })),
  }));
}

async function list(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { module: { type: 'string' }, json: { type: 'boolean' } }, false);
  const service = await TokenService.start({ modulePath: values.module });
  try {
    const tokens = await service.list();
    if (values.json) printLine(JSON.stringify(toJson(tokens), null, 2));
    else printHuman(tokens, `${service.module.name} (${service.module.path})`, service.module.skipped);
    return 0;
  } finally {
    await service.close();
  }
}

async function changePin(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    { token: { type: 'string' }, 'old-pin-file': { type: 'string' }, 'new-pin-file': { type: 'string' }, module: { type: 'string' }, 'confirm-final-try': { type: 'boolean' } },
    false,
  );
  if (!values.token) throw new UsageError('--token <label> is required');
  if (Boolean(values['old-pin-file']) !== Boolean(values['new-pin-file'])) throw new UsageError('give both --old-pin-file and --new-pin-file, or neither (to be prompted)');
  const label = values.token;
  const service = await TokenService.start({ modulePath: values.module });
  try {
    const token = await service.find(label);
    let confirmFinalTry = values['confirm-final-try'] ?? false;
    if (token.pin.locked) throw new TokenError('pin-locked', `Token "${label}" is locked; its PIN cannot be changed until its security officer unlocks it.`);
    if (token.pin.finalTry && !confirmFinalTry) {
      confirmFinalTry = await confirmOnTerminal(`Token "${label}" is on its final try: a wrong current PIN locks it. Continue? [y/N] `);
    }
    let oldPin: string, newPin: string, confirm: string;
    if (values['old-pin-file'] && values['new-pin-file']) {
      oldPin = await readPinFile(values['old-pin-file']);
      newPin = await readPinFile(values['new-pin-file']);
      confirm = newPin;
    } else {
      oldPin = await promptPin(`Current PIN of ${label}: `);
      newPin = await promptPin(`New PIN: `);
      confirm = await promptPin(`New PIN again: `);
    }
    await service.changePin(label, oldPin, newPin, confirm, { confirmFinalTry });
    printLine(`The PIN of token "${label}" was changed.`);
    return 0;
  } finally {
    closePinInput();
    await service.close();
  }
}

async function initDemo(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { dir: { type: 'string' }, module: { type: 'string' } }, false);
  if (!values.dir) throw new UsageError('--dir <dir> is required');
  const store = await initDemoTokens(values.dir, { modulePath: values.module });
  printLine(JSON.stringify(store, null, 2));
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    if (sub === 'change-pin') return await changePin(rest);
    if (sub === 'init-demo') return await initDemo(rest);
    if (sub !== undefined && !sub.startsWith('-')) throw new UsageError(`unknown tokens subcommand "${sub}"${didYouMean(sub, ['change-pin', 'init-demo'])}`);
    return await list(argv);
  } catch (error) {
    throw tokenCliError(error);
  }
}

// Compile-time check that this module satisfies the dispatcher's CliCommand shape.
const _command: CliCommand = { run };
void _command;
