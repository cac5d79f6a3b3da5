// The shape of `window.ctlClient`: one async function per contract method, grouped by the
// part before the dot (`ctlClient.session.connect(...)`), plus one subscription per event.
// There is deliberately no generic invoke(channel): the preload builds exactly these.
import type { Events, Replies, RequestOf } from './contract';
import type { MethodName } from './methods';
import type { IpcResult } from './result';

type NamespaceOf<M extends string> = M extends `${infer N}.${string}` ? N : never;
type LeafOf<M extends string, N extends string> = M extends `${N}.${infer L}` ? L : never;

export type Namespace = NamespaceOf<MethodName>;

/** Requests whose fields are all optional may be omitted. */
type Call<M extends MethodName> = Record<never, never> extends RequestOf<M>
  ? (request?: RequestOf<M>) => Promise<IpcResult<Replies[M]>>
  : (request: RequestOf<M>) => Promise<IpcResult<Replies[M]>>;

export type CtlClientMethods = {
  [N in Namespace]: { [L in LeafOf<MethodName, N>]: Call<Extract<`${N}.${L}`, MethodName>> };
};

export type Unsubscribe = () => void;

export interface CtlClientEvents {
  onSessionSnapshot(listener: (snapshot: Events['session:snapshot']) => void): Unsubscribe;
  onTokenEvent(listener: (event: Events['tokens:event']) => void): Unsubscribe;
  onInspectorOpenFile(listener: (opened: Events['inspector:open-file']) => void): Unsubscribe;
}

export type CtlClient = CtlClientMethods & CtlClientEvents;

/** Splits "session.connect" into its namespace and leaf. */
export function splitMethod(name: MethodName): [Namespace, string] {
  const dot = name.indexOf('.');
  return [name.slice(0, dot) as Namespace, name.slice(dot + 1)];
}
