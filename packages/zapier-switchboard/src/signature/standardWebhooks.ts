/**
 * Standard Webhooks v1 verification (https://www.standardwebhooks.com), node:crypto only: the
 * same algorithm as the relay's `delivery/sign.ts`, which signs every delivery.
 *
 * signed content = `${webhook-id}.${webhook-timestamp}.` + the body exactly as received;
 * key = base64 of the secret after `whsec_`; signature = `v1,` + base64(HMAC-SHA256).
 * Fails closed: no secret, a missing header or an unreadable timestamp is a failure. Never throws.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;
const TIMESTAMP = /^[0-9]{1,15}$/;

/** @default 300 seconds (5 minutes) in either direction, as in every Standard Webhooks library. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export type VerifyFailure =
  | 'missing_secret'
  | 'invalid_secret'
  | 'missing_header'
  | 'invalid_timestamp'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'no_matching_signature';

/** On success, the verified `webhook-id` and `webhook-timestamp` (Unix seconds). */
export type VerifyResult = { ok: true; id: string; timestamp: number } | { ok: false; reason: VerifyFailure };

export interface SignedMessage {
  secret: string | null | undefined;
  /** The three header values, or null when absent. */
  id: string | null;
  timestamp: string | null;
  signature: string | null;
  body: string;
  now: Date;
  /** @default 300 */
  toleranceSeconds?: number;
}

function decodeSecret(secret: string): Buffer | null {
  const bare = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  if (bare.length === 0 || !BASE64.test(bare)) return null;
  const key = Buffer.from(bare, 'base64');
  return key.length > 0 ? key : null;
}

export function sign(key: Buffer, id: string, timestamp: string, body: string): string {
  return createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64');
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** One matching `v1,` entry among space-separated signatures (secret rotation) is enough. */
export function verify(message: SignedMessage): VerifyResult {
  if (typeof message.secret !== 'string' || message.secret.length === 0) return { ok: false, reason: 'missing_secret' };
  const key = decodeSecret(message.secret);
  if (!key) return { ok: false, reason: 'invalid_secret' };
  const { id, timestamp, signature } = message;
  if (!id || !timestamp || !signature) return { ok: false, reason: 'missing_header' };
  if (!TIMESTAMP.test(timestamp)) return { ok: false, reason: 'invalid_timestamp' };
  const tolerance = message.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const age = Math.floor(message.now.getTime() / 1000) - Number(timestamp);
  if (age > tolerance) return { ok: false, reason: 'timestamp_too_old' };
  if (age < -tolerance) return { ok: false, reason: 'timestamp_too_new' };
  const expected = sign(key, id, timestamp, message.body);
  let matched = false;
  for (const entry of signature.split(' ')) {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue;
    // No early exit: every candidate is compared, so timing does not reveal which one matched.
    if (sameText(entry.slice(comma + 1), expected)) matched = true;
  }
  return matched ? { ok: true, id, timestamp: Number(timestamp) } : { ok: false, reason: 'no_matching_signature' };
}
