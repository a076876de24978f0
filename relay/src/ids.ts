import { randomBytes } from 'node:crypto';
import { monotonicFactory } from 'ulid';

/**
 * ulid's default PRNG asks node:crypto for one byte per character (16 calls per id); this one
 * draws from a 4 KiB block of crypto randomness instead. Still cryptographically random.
 */
const POOL_SIZE = 4096;
let pool = randomBytes(POOL_SIZE);
let poolIndex = 0;
function pooledRandom(): number {
  if (poolIndex >= POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    poolIndex = 0;
  }
  return (pool[poolIndex++] ?? 0) / 256;
}

const ulid = monotonicFactory(pooledRandom);

export type IdPrefix = 'evt' | 'src' | 'key' | 'rej' | 'hook' | 'dlv' | 'att';

/** `evt_01JNQ8Z4W6T2X9R5B7K3M1P0HD`: sortable by creation time, unique. */
export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  return `${prefix}_${ulid(now)}`;
}

/** A URL-safe secret with 192 bits of entropy. */
export function newSecretToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}
