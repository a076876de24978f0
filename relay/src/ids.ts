import { randomBytes } from 'node:crypto';
import { monotonicFactory } from 'ulid';

const ulid = monotonicFactory();

export type IdPrefix = 'evt' | 'src' | 'key' | 'rej' | 'hook' | 'dlv' | 'att';

/** `evt_01JNQ8Z4W6T2X9R5B7K3M1P0HD`: sortable by creation time, unique. */
export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  return `${prefix}_${ulid(now)}`;
}

/** A URL-safe secret with 192 bits of entropy. */
export function newSecretToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}
