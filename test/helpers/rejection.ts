// Awaits a promise that must reject with a given error class, and returns that error for
// assertions on its code, details and message (fails the test if it resolves or throws another).
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { expect } from 'vitest';

export async function rejectionOf<E>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  const outcome = await promise.then(() => null, (e: unknown) => e);
  expect(outcome).toBeInstanceOf(type);
  return outcome as E;
}

/** Lowercase hex SHA-256, for comparing files in tests. */
export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A folder's entries, sorted. */
export const listing = async (dir: string) => (await readdir(dir)).sort();
