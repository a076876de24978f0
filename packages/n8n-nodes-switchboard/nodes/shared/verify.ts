/**
 * Standard Webhooks v1 verification (https://www.standardwebhooks.com), node:crypto only: the
 * check every relay delivery passes before a workflow starts. Pure; never throws.
 *
 * signed content = `${webhook-id}.${webhook-timestamp}.` followed by the body's raw bytes;
 * key = base64-decode of the secret without its `whsec_` prefix;
 * `webhook-signature` = space-separated `v1,<base64 HMAC-SHA256>` entries (several during a
 * secret rotation; one match is enough, other versions are ignored).
 *
 * Fails closed: no secret, a missing or repeated header, or a timestamp outside the tolerance is
 * a failure, never a skipped check. The body is the bytes received, never re-serialized JSON.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';
const BASE64 =
	/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;
const TIMESTAMP = /^[0-9]{1,15}$/;

/** @default 300 seconds (5 minutes), in either direction, as the Standard Webhooks libraries. */
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
export type VerifyResult =
	| { ok: true; id: string; timestamp: number }
	| { ok: false; reason: VerifyFailure };

/** Header names in any case; Node's `IncomingHttpHeaders` fits. */
export type Headers = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface VerifyInput {
	secret: unknown;
	headers: Headers;
	body: Buffer | string;
	now: Date;
	/** @default 300 */
	toleranceSeconds?: number;
}

/** The HMAC key of a secret, or null when it is not a non-empty base64 key. */
function decodeSecret(secret: string): Buffer | null {
	const bare = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
	if (bare.length === 0 || !BASE64.test(bare)) return null;
	const key = Buffer.from(bare, 'base64');
	return key.length > 0 ? key : null;
}

/** One header's value; null when absent, empty or repeated (a repeated header is refused). */
function header(headers: Headers, name: string): string | null {
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

function signatureOf(key: Buffer, id: string, timestamp: string, body: Buffer | string): string {
	return createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64');
}

export function verify(input: VerifyInput): VerifyResult {
	if (typeof input.secret !== 'string' || input.secret.length === 0) {
		return { ok: false, reason: 'missing_secret' };
	}
	const key = decodeSecret(input.secret);
	if (!key) return { ok: false, reason: 'invalid_secret' };
	const id = header(input.headers, 'webhook-id');
	const timestamp = header(input.headers, 'webhook-timestamp');
	const signatures = header(input.headers, 'webhook-signature');
	if (id === null || timestamp === null || signatures === null) {
		return { ok: false, reason: 'missing_header' };
	}
	if (!TIMESTAMP.test(timestamp)) return { ok: false, reason: 'invalid_timestamp' };
	const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
	const age = Math.floor(input.now.getTime() / 1000) - Number(timestamp);
	if (age > tolerance) return { ok: false, reason: 'timestamp_too_old' };
	if (age < -tolerance) return { ok: false, reason: 'timestamp_too_new' };
	const expected = signatureOf(key, id, timestamp, input.body);
	let matched = false;
	for (const entry of signatures.split(' ')) {
		const comma = entry.indexOf(',');
		if (comma < 0 || entry.slice(0, comma) !== 'v1') continue;
		// No early exit: every candidate is compared, so timing does not tell which one matched.
		if (sameText(entry.slice(comma + 1), expected)) matched = true;
	}
	return matched
		? { ok: true, id, timestamp: Number(timestamp) }
		: { ok: false, reason: 'no_matching_signature' };
}
