/**
 * Standard Webhooks v1 signing and verification (https://www.standardwebhooks.com), node:crypto only.
 *
 * signed content = `${id}.${timestamp}.` followed by the body's raw bytes;
 * key = base64-decode of the secret without its `whsec_` prefix;
 * signature = `v1,` + base64(HMAC-SHA256(key, signed content)).
 *
 * The body is signed and verified as the exact bytes sent: never a re-serialized object.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.js';

const SECRET_PREFIX = 'whsec_';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;
const TIMESTAMP = /^[0-9]{1,15}$/;

/** @default 300 seconds (5 minutes), in either direction. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export interface SignInput {
  /** `whsec_<base64 key>`; a bare base64 key is accepted too. */
  secret: string;
  /** The `webhook-id`: the event id, the same on every attempt. */
  id: string;
  /** Unix time in whole seconds. */
  timestamp: number;
  body: string | Buffer;
}

/** A type alias, not an interface, so it can be spread into any header record. */
export type SignatureHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

export type VerifyFailure =
  | 'missing_secret'
  | 'invalid_secret'
  | 'missing_header'
  | 'invalid_timestamp'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'no_matching_signature';

export type VerifyResult = { ok: true } | { ok: false; reason: VerifyFailure };

export interface VerifyInput {
  secret: string | null | undefined;
  /** Header names in any case; Node's `IncomingHttpHeaders` fits. A repeated header is refused. */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  body: string | Buffer;
  now: Date;
  /** @default 300 */
  toleranceSeconds?: number;
}

/** The HMAC key of a secret, or null when it is empty or not base64 (callers fail closed). */
export function decodeSecret(secret: string | null | undefined): Buffer | null {
  if (typeof secret !== 'string') return null;
  const bare = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  if (bare.length === 0 || !BASE64.test(bare)) return null;
  const key = Buffer.from(bare, 'base64');
  return key.length > 0 ? key : null;
}

function hmac(key: Buffer, id: string, timestamp: string, body: string | Buffer): string {
  return createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64');
}

/**
 * `v1,<base64>` for one message. Throws an internal `AppError` for an unusable secret or
 * timestamp: both come from the relay itself, never from a request.
 */
export function sign(input: SignInput): string {
  const key = decodeSecret(input.secret);
  if (!key) throw new AppError('internal', 'Expected `secret` to be `whsec_` followed by a non-empty base64 key.');
  if (!Number.isSafeInteger(input.timestamp) || input.timestamp < 0) {
    throw new AppError('internal', `Expected \`timestamp\` to be whole Unix seconds, got ${String(input.timestamp)}.`);
  }
  return `v1,${hmac(key, input.id, String(input.timestamp), input.body)}`;
}

/** The three Standard Webhooks headers for one attempt. */
export function signatureHeaders(input: SignInput): SignatureHeaders {
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(input.timestamp),
    'webhook-signature': sign(input),
  };
}

function header(headers: VerifyInput['headers'], name: string): string | null {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    return typeof value === 'string' && value.length > 0 ? value : null;
  }
  return null;
}

/** Constant time for equal lengths; the length of a v1 signature is public anyway. */
function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Checks one received message. Fails closed: no secret, no headers or an unreadable timestamp
 * is a failure, never a skipped check. Of several space-separated signatures (secret rotation)
 * one matching `v1,` entry is enough; other versions are ignored. Never throws.
 */
export function verify(input: VerifyInput): VerifyResult {
  const key = decodeSecret(input.secret);
  if (typeof input.secret !== 'string' || input.secret.length === 0) return { ok: false, reason: 'missing_secret' };
  if (!key) return { ok: false, reason: 'invalid_secret' };
  const id = header(input.headers, 'webhook-id');
  const timestamp = header(input.headers, 'webhook-timestamp');
  const signatures = header(input.headers, 'webhook-signature');
  if (id === null || timestamp === null || signatures === null) return { ok: false, reason: 'missing_header' };
  if (!TIMESTAMP.test(timestamp)) return { ok: false, reason: 'invalid_timestamp' };
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const age = Math.floor(input.now.getTime() / 1000) - Number(timestamp);
  if (age > tolerance) return { ok: false, reason: 'timestamp_too_old' };
  if (age < -tolerance) return { ok: false, reason: 'timestamp_too_new' };
  const expected = hmac(key, id, timestamp, input.body);
  let matched = false;
  for (const entry of signatures.split(' ')) {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue;
    // No early exit: every candidate is compared, so timing does not reveal which one matched.
    if (sameText(entry.slice(comma + 1), expected)) matched = true;
  }
  return matched ? { ok: true } : { ok: false, reason: 'no_matching_signature' };
}

/** A fresh subscription secret: `whsec_` + base64 of 24 random bytes. */
export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(24).toString('base64');
}
