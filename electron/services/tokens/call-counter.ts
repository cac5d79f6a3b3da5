// Counts PKCS#11 calls by name, so tests (and the session engine's tests) can assert "one
// C_Login per token per session, one C_Sign per CTL" against the real module or the fake.
import type { Pkcs11Api } from './pkcs11-api';

export type CallCounts = Record<string, number>;

export interface CountingApi {
  api: Pkcs11Api;
  counts(): CallCounts;
  reset(): void;
}

export function countCalls(inner: Pkcs11Api): CountingApi {
  let counts: CallCounts = {};
  const api = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || !property.startsWith('C_') || typeof value !== 'function') return value;
      // C_SignAsync is C_Sign for the purpose of counting: one signature operation.
      const name = property === 'C_SignAsync' ? 'C_Sign' : property;
      return (...args: unknown[]) => {
        counts[name] = (counts[name] ?? 0) + 1;
        return Reflect.apply(value as (...a: unknown[]) => unknown, target, args);
      };
    },
  });
  return {
    api,
    counts: () => ({ ...counts }),
    reset: () => {
      counts = {};
    },
  };
}
