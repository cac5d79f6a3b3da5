// Requests for the protocol fuzzer: a valid header of every request type, then JSON-level
// mutations (fields dropped, retyped, added; edge values) that keep the frame well formed.
import { PROTOCOL_VERSION } from '../../shared/provider-protocol';
import type { Rng } from './mutate';

const TYPES = ['hello', 'login', 'describe', 'getCertificates', 'getCtl', 'challenge', 'prove', 'lock', 'unlock',
  'stage', 'commit', 'abort', 'rollback', 'putCapf', 'bye'] as const;

const hex = (rng: Rng, n: number) => Array.from({ length: n }, () => '0123456789abcdef'[rng.int(16)]).join('');
const b64 = (rng: Rng, n: number) => Buffer.from(rng.bytes(n)).toString('base64');

/** A header that passes the request schema (bye is rare: it ends the connection). */
export function requestTemplate(rng: Rng, id: number): Record<string, unknown> {
  let type: (typeof TYPES)[number] = rng.pick(TYPES);
  if (type === 'bye' && rng.int(8) !== 0) type = 'describe';
  const base = { v: PROTOCOL_VERSION, id, type };
  switch (type) {
    case 'hello': return { ...base, versions: [PROTOCOL_VERSION], client: 'fuzz' };
    case 'login': return { ...base, username: rng.int(2) ? 'ccmadmin' : hex(rng, 8), password: hex(rng, 12) };
    case 'prove': return { ...base, certificate: b64(rng, 64), signature: b64(rng, 256), hash: rng.pick(['sha1', 'sha256', 'sha512']),
      ...(rng.int(2) ? { bindings: [b64(rng, 32)] } : {}) };
    case 'stage': return { ...base, securityMode: rng.int(2), sha256: hex(rng, 64), bodyLength: 1 + rng.int(64) };
    case 'commit': case 'abort': return { ...base, stageId: hex(rng, 32) };
    case 'putCapf': return { ...base, pemName: `${hex(rng, 8)}.0`, bodyLength: 1 + rng.int(64) };
    default: return base;
  }
}

function edgeValue(rng: Rng): unknown {
  return rng.pick([
    () => null, () => true, () => 0, () => -1, () => 2 ** 31, () => 2 ** 53, () => -(2 ** 53), () => 1.5, () => Number.MAX_VALUE,
    () => '', () => 'x'.repeat(rng.int(3000)), () => '\u0000\ud800', () => '../../etc/passwd', () => [], () => [1, 2, 3],
    () => ({}), () => ({ __proto__: { polluted: true } }), () => ({ constructor: { prototype: { x: 1 } } }),
    () => Array.from({ length: 600 }, () => 'AAAA'), () => hex(rng, 64), () => b64(rng, 1 + rng.int(100)),
  ])();
}

/** 0 to 3 mutations of the header; a third of the headers stay valid. */
export function mutateHeader(rng: Rng, header: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...header };
  const keys = () => Object.keys(out);
  for (let n = rng.int(4); n > 0; n--) {
    switch (rng.int(6)) {
      case 0: delete out[rng.pick(keys())]; break;
      case 1: out[rng.pick(keys())] = edgeValue(rng); break;
      case 2: out[rng.pick(['extra', '__proto__', 'constructor', 'bodyLength', 'details', hex(rng, 4)])] = edgeValue(rng); break;
      case 3: out['type'] = rng.pick([...TYPES, 'ok', 'error', '', 'HELLO', hex(rng, 6)]); break;
      case 4: out['id'] = rng.pick([0, -1, 2 ** 31, 2 ** 31 - 1, 1.5, '7', null]); break;
      default: out['v'] = rng.pick([0, 2, '1', null, 1]); break;
    }
  }
  // A bodyLength the header claims but no body follows would stall the frame; keep it honest.
  delete out['bodyLength'];
  return out;
}
