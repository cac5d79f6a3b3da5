// Message schemas of the CTL Provider protocol, version 2 (docs/provider-protocol.md).
// Both ends validate every header they receive against these schemas: the server
// validates requests, the client validates the result for the request it sent.
import { z } from 'zod';
import { HASH_ALGORITHMS } from '../ctl/model';

/**
 * 2: stage, commit and rollback carry the SHA-256 of the CTL the client expects the target to
 * hold (compare-and-swap) and are refused with `stale` when it holds another.
 */
export const PROTOCOL_VERSION = 2;
export const DEFAULT_PROVIDER_PORT = 2444;
/** Label for TLS exported keying material that binds a token proof to one connection. */
export const PROOF_EXPORTER_LABEL = 'EXPORTER-ctl-provider-proof';
/** Domain-separation prefix of the signed proof message. */
export const PROOF_CONTEXT = 'ctl-provider-proof-v1';
/** Domain-separation prefix of a proof signed once for several connections (a list of bindings). */
export const PROOF_BATCH_CONTEXT = 'ctl-provider-proof-batch-v1';
/** Bindings one batch proof may list: a cluster's nodes and extra targets, with room to spare (and under the header limit). */
export const MAX_PROOF_BINDINGS = 512;
export const CHALLENGE_BYTES = 32;
export const EXPORTER_BYTES = 32;
/** The only CTL file name a provider writes. */
export const CTL_FILE_NAME = 'CTLFile.tlv';

const id = z.number().int().min(1).max(2 ** 31 - 1);
const v = z.literal(PROTOCOL_VERSION);
const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits');
const b64 = (max: number) => z.base64().max(max);
export const securityModeSchema = z.union([z.literal(0), z.literal(1)]);
export type SecurityMode = z.infer<typeof securityModeSchema>;
export const hashSchema = z.enum(HASH_ALGORITHMS);
export const nodeRoleSchema = z.enum(['CallManager', 'TFTP', 'CAPF']);
export type NodeRole = z.infer<typeof nodeRoleSchema>;
export const serverKindSchema = z.enum(['cluster-node', 'alternate-tftp', 'firewall']);
export type ServerKind = z.infer<typeof serverKindSchema>;

const req = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ v, id, type: z.literal(type), ...shape });

export const requestSchema = z.discriminatedUnion('type', [
  req('hello', { versions: z.array(z.number().int()).min(1).max(16), client: z.string().max(200).optional() }),
  req('login', { username: z.string().min(1).max(128), password: z.string().min(1).max(1024) }),
  req('describe', {}),
  req('getCertificates', {}),
  req('getCtl', {}),
  req('challenge', {}),
  req('prove', {
    certificate: b64(32 * 1024), signature: b64(2048), hash: hashSchema,
    // 32-byte bindings in base64 (44 characters): present for a batch proof, absent for a single one.
    bindings: z.array(z.base64().length(44)).min(1).max(MAX_PROOF_BINDINGS).optional(),
  }),
  req('lock', {}),
  req('unlock', {}),
  // expectedSha256: the CTL the client reviewed against on this target (null: none installed).
  req('stage', { securityMode: securityModeSchema, sha256: hex64, expectedSha256: hex64.nullable(), bodyLength: z.number().int().min(1) }),
  req('commit', { stageId: z.string().regex(/^[0-9a-f]{32}$/), expectedSha256: hex64.nullable() }),
  req('abort', { stageId: z.string().regex(/^[0-9a-f]{32}$/) }),
  req('rollback', { expectedSha256: hex64.nullable() }),
  req('putCapf', { pemName: z.string().min(1).max(255), bodyLength: z.number().int().min(1) }),
  req('bye', {}),
]);
export type Request = z.infer<typeof requestSchema>;
export type RequestType = Request['type'];

export const errorCodeSchema = z.enum([
  'bad-request', 'unsupported-version', 'not-authenticated', 'bad-login', 'throttled', 'busy',
  'not-lock-holder', 'proof-required', 'proof-failed', 'rejected', 'not-found', 'too-large',
  'fault-injected', 'internal', 'stale', 'storage-failed',
]);
export type WireErrorCode = z.infer<typeof errorCodeSchema>;

export const lockHolderSchema = z.object({ username: z.string(), source: z.string(), since: z.string() });
export type LockHolder = z.infer<typeof lockHolderSchema>;

/**
 * A refusal's problem as data (docs/provider-protocol.md, "Errors"): a key of the catalogs'
 * `provider-problem` section and its parameters, which may nest a message of the catalogs (the
 * codec's reason, say) two levels deep. The client words it only when it knows every code.
 */
const wireValue = z.union([z.string().max(2000), z.number()]);
const wireKey = z.string().max(64);
const wireCode = z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$/).max(80);
const nestedTwice = z.object({ code: wireCode, params: z.record(wireKey, wireValue).optional() });
const nestedOnce = z.object({ code: wireCode, params: z.record(wireKey, z.union([wireValue, nestedTwice])).optional() });
export const wireProblemSchema = z.object({ code: wireCode, params: z.record(wireKey, z.union([wireValue, nestedOnce])).optional() });
export type WireProblem = z.infer<typeof wireProblemSchema>;

export const errorReplySchema = z.object({
  v, id: z.number().int().min(0), type: z.literal('error'), code: errorCodeSchema, message: z.string().max(2000),
  details: z.object({
    holder: lockHolderSchema.optional(),
    retryAfterMs: z.number().int().min(0).optional(),
    reason: z.string().max(2000).optional(),
    supported: z.array(z.number().int()).optional(),
    /** `stale`: the SHA-256 of the CTL the target holds now (null: none). */
    currentSha256: hex64.nullable().optional(),
    problem: wireProblemSchema.optional(),
  }).optional(),
});
export type ErrorReply = z.infer<typeof errorReplySchema>;

export const nodeSchema = z.object({
  name: z.string().min(1).max(255),
  host: z.string().min(1).max(255),
  ip: z.ipv4().nullable(),
  port: z.number().int().min(1).max(65535),
  roles: z.array(nodeRoleSchema).max(3),
  firstNode: z.boolean(),
});
export type ClusterNode = z.infer<typeof nodeSchema>;

const signerInfo = z.object({ subject: z.string(), issuer: z.string(), serialHex: z.string().regex(/^[0-9a-f]*$/) });

const ok = <S extends z.ZodRawShape>(shape: S) => z.object({ v, id, type: z.literal('ok'), ...shape });

/** Result schema per request type: the client validates the `ok` reply with it. */
export const resultSchemas = {
  hello: ok({
    version: v,
    server: z.object({ name: z.string(), kind: serverKindSchema, software: z.string().max(200) }),
    limits: z.object({ maxHeaderBytes: z.number().int(), maxBodyBytes: z.number().int() }),
  }),
  login: ok({ username: z.string(), sessionsInUse: z.number().int().min(1) }),
  describe: ok({
    clusterId: z.string().min(1).max(255),
    securityMode: securityModeSchema,
    kind: serverKindSchema,
    thisNode: z.string(),
    nodes: z.array(nodeSchema).min(1).max(64),
    currentCtlSha256: hex64.nullable(),
  }),
  getCertificates: ok({
    certificates: z.array(z.object({ role: nodeRoleSchema, certificate: b64(32 * 1024) })).max(8),
  }),
  getCtl: ok({
    present: z.boolean(),
    sha256: hex64.nullable(),
    securityMode: securityModeSchema,
    bodyLength: z.number().int().min(0).optional(),
  }),
  challenge: ok({ challenge: b64(64), expiresInMs: z.number().int().min(1) }),
  prove: ok({ signer: signerInfo }),
  lock: ok({ since: z.string() }),
  unlock: ok({}),
  stage: ok({ stageId: z.string().regex(/^[0-9a-f]{32}$/), sha256: hex64, securityMode: securityModeSchema, signer: signerInfo }),
  commit: ok({ sha256: hex64, previousSha256: hex64.nullable(), securityMode: securityModeSchema }),
  abort: ok({}),
  rollback: ok({ sha256: hex64.nullable(), securityMode: securityModeSchema }),
  putCapf: ok({ files: z.array(z.string()), sha256: hex64 }),
  bye: ok({}),
} satisfies Record<RequestType, z.ZodType>;

export type ResultOf<T extends RequestType> = z.infer<(typeof resultSchemas)[T]>;
export type SignerInfo = z.infer<typeof signerInfo>;
