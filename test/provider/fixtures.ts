// Real loopback providers, tokens and signed CTLs for the provider tests.
import { mkdtemp, rm } from 'node:fs/promises';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FrameDecoder, PROTOCOL_VERSION, encodeFrame, type Frame } from '../../shared/provider-protocol';
import { encodeCtl, recordFromCertificate, signerFromCertificate } from '../../shared/ctl';
import type { CtlRecord, SignFunction } from '../../shared/ctl/model';
import { parseProviderConfig, type Faults, type ProviderConfig, type ProviderConfigInput } from '../../provider/config/schema';
import { hashPassword } from '../../provider/server/passwords';
import { startProviderServer, type RunningProvider } from '../../provider/server/server';
import { demoIdentity, demoSubject } from '../../provider/demo/certs';
import { ProviderClient, type ProviderSession, type ConnectOptions } from '../../electron/services/provider-client';
import { MemoryTrustStore } from '../../electron/services/trust-store';
import { makeIdentity, webCryptoSigner, type TestIdentity } from '../helpers/pki';

export const USER = 'ccmadmin';
export const PASSWORD = 'correct horse battery staple';
let hashed: Promise<string> | null = null;

export interface TestProvider {
  dir: string;
  config: ProviderConfig;
  running: RunningProvider;
  stop(): Promise<void>;
}

export async function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `ctlprov-${prefix}-`));
}

/** Writes a node's identity and config under `dir` and returns the config input (relative paths). */
export async function testConfigInput(dir: string, overrides: Partial<ProviderConfigInput> = {}): Promise<ProviderConfigInput> {
  hashed ??= hashPassword(PASSWORD);
  await demoIdentity(dir, 'server', demoSubject({ cn: 'node-1', ou: 'CallManager', o: 'Test', c: 'JP' }));
  await demoIdentity(dir, 'capf', demoSubject({ cn: 'CAPF-node-1', ou: 'CAPF', o: 'Test', c: 'JP' }));
  return {
    name: 'node-1', kind: 'cluster-node', listen: { host: '127.0.0.1', port: 0 },
    tls: { certFile: 'server.crt.pem', keyFile: 'server.key.pem' },
    certificates: { CallManager: 'server.crt.pem', TFTP: 'server.crt.pem', CAPF: 'capf.crt.pem' },
    cluster: { id: 'test-cluster', nodes: [{ name: 'node-1', host: '127.0.0.1', ip: '127.0.0.1', port: 2444, roles: ['CallManager', 'TFTP', 'CAPF'], firstNode: true }] },
    tftpRoot: 'tftp', stateDir: 'state',
    users: [{ username: USER, passwordHash: await hashed }],
    ...overrides,
    // Tests open many connections a second from 127.0.0.1; tests of the caps set their own.
    limits: { newConnectionsPerSourcePerSecond: 10_000, maxConnectionsPerSource: 10_000, ...overrides.limits },
  };
}

export async function startTestProvider(overrides: Partial<ProviderConfigInput> = {}, faults?: Faults): Promise<TestProvider> {
  const dir = await makeTempDir('srv');
  const input = await testConfigInput(dir, { ...overrides, ...(faults ? { faults } : {}) });
  const config = parseProviderConfig(input, dir);
  const running = await startProviderServer(config, { log: () => undefined });
  return { dir, config, running, stop: async () => { await running.stop(); await rm(dir, { recursive: true, force: true }); } };
}

export async function connect(p: { running: RunningProvider }, extra: Partial<ConnectOptions> = {}): Promise<ProviderSession> {
  return ProviderClient.connect({ host: '127.0.0.1', port: p.running.port, trustStore: new MemoryTrustStore(), trust: p.running.fingerprint, ...extra });
}

export async function admin(p: { running: RunningProvider }): Promise<ProviderSession> {
  const s = await connect(p);
  await s.login(USER, PASSWORD);
  return s;
}

export interface Token {
  identity: TestIdentity;
  der: Uint8Array;
  sign: SignFunction;
}

export async function makeToken(name: string, serial?: string, issuer?: TestIdentity): Promise<Token> {
  const identity = await makeIdentity({ subject: `CN=${name}, O=Cisco Manufacturing CA test, C=US`, ...(serial ? { serial } : {}), ...(issuer ? { issuer } : {}) });
  return { identity, der: identity.der, sign: webCryptoSigner(identity.keys) };
}

/** A CTL signed by `signer`, listing `sasts` as SAST records plus `servers`. */
export async function makeCtl(signer: Token, sasts: Token[], servers: CtlRecord[] = []): Promise<Uint8Array> {
  return encodeCtl({
    signer: signerFromCertificate(signer.der), hashAlgorithm: 'sha512', modulusBits: 2048,
    timestamp: Math.floor(Date.now() / 1000),
    records: [...sasts.map((t) => recordFromCertificate('SAST', t.der)), ...servers],
  }, signer.sign);
}

export interface Raw { socket: TLSSocket; replies: Frame[]; closed: Promise<void>; send(header: Record<string, unknown>): void }

/**
 * A TLS connection speaking frames by hand (no client library): what a misbehaving peer can
 * send. `halfOpen`: it does not close when the provider does, and may go on writing.
 */
export async function raw(port: number, options: { localAddress?: string; halfOpen?: boolean } = {}): Promise<Raw> {
  const socket = await new Promise<TLSSocket>((resolve, reject) => {
    const tcp = options.halfOpen ? new Socket({ allowHalfOpen: true }) : undefined;
    tcp?.connect({ host: '127.0.0.1', port, ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
    const s = tlsConnect({
      host: '127.0.0.1', port, rejectUnauthorized: false, ...(tcp ? { socket: tcp } : {}),
      ...(options.localAddress && !tcp ? { localAddress: options.localAddress } : {}),
    }, () => resolve(s));
    s.once('error', reject);
  });
  const decoder = new FrameDecoder();
  const replies: Frame[] = [];
  socket.on('data', (c: Buffer) => { replies.push(...decoder.push(new Uint8Array(c))); });
  socket.on('error', () => undefined);
  const closed = new Promise<void>((r) => socket.on('close', () => r()));
  return { socket, replies, closed, send: (h) => socket.write(encodeFrame({ v: PROTOCOL_VERSION, ...h })) };
}

/** The promise, or a failure after `ms`: no test waits forever on a connection that stays open. */
export const within = <T>(promise: Promise<T>, ms = 5_000) => Promise.race([
  promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms))]);

export const until = async (what: () => boolean, ms = 5_000) => {
  for (let waited = 0; !what() && waited < ms; waited += 10) await new Promise((r) => setTimeout(r, 10));
  return what();
};
