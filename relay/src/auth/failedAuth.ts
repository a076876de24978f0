/**
 * Budgets of failed authentication per minute, so that guessing tokens or keys, or probing for
 * source ids, is cheap to refuse and bounded in what it leaves behind (rejection rows, log lines).
 * A good-faith sender fails only while misconfigured, and then a few times a minute at most.
 *
 * - Ingest (`/in`): wrong or missing token, unknown source. Counted per source and per client
 *   address; past a budget the refusal is `429 rate_limited` with `Retry-After` and nothing is
 *   written. A request with the right token is never refused for anyone's failures: vendors send
 *   from shared address pools, and source tokens (192 random bits) cannot be guessed anyway.
 * - Admin API and sign-in (`/api/v1`): wrong API key. Counted per client address; past the
 *   budget every request from that address that presents a key is refused until the window ends
 *   (operators choose their keys, so a guess must not even be checked).
 *
 * Client addresses: see `http/clientAddress.ts`.
 */
import { AppError } from '../errors.js';
import { FixedWindowLimiter } from '../ingest/rateLimit.js';

export const FAILED_AUTH_WINDOW_MS = 60_000;
/** @default 30 failed-auth ingest requests a minute for one source, from all addresses. */
export const INGEST_FAILED_AUTH_PER_SOURCE = 30;
/** @default 60 failed-auth or unknown-source ingest requests a minute from one client address. */
export const INGEST_FAILED_AUTH_PER_ADDRESS = 60;
/** @default 20 wrong API keys a minute from one client address. */
export const ADMIN_FAILED_AUTH_PER_ADDRESS = 20;

export function failedAuthLimiter(perWindow: number): FixedWindowLimiter {
  return new FixedWindowLimiter(perWindow, FAILED_AUTH_WINDOW_MS);
}

/** The 429 for a spent failed-auth budget; `what` names whose budget (`this source`, `your address`). */
export function tooManyFailures(what: string, retryAfter: number, fix: string): AppError {
  return new AppError('rate_limited', `Too many refused authentication attempts for ${what} in the last minute; retry in ${retryAfter} s. ${fix}`, {
    headers: { 'Retry-After': String(retryAfter) },
  });
}
