/**
 * Two bounded buckets of refused requests per source, so that refusals anyone can cause from
 * outside never push out the ones an operator needs to fix a vendor's set-up.
 *
 * - Unauthenticated refusals (no token, wrong token): anyone who knows a source id can send
 *   them, so only the newest `UNAUTHENTICATED_REJECTIONS_KEPT` are kept (the ingest failed-auth
 *   throttle bounds how fast they arrive; their count is in `switchboard_ingest_refused_total`).
 * - Every other refusal of a known source (not JSON, wrong shape, too large, source off, ...)
 *   came with the right token: the newest `limits.rejectionsPerSource` are kept.
 */
import type { StoreLimits } from './types.js';

export const UNAUTHENTICATED_REJECTION_CODES = ['missing_token', 'invalid_token'] as const;

/** @default 10: enough to see what a misconfigured sender presents, never enough to hide the rest. */
export const UNAUTHENTICATED_REJECTIONS_KEPT = 10;

export function isUnauthenticatedRejection(code: string): boolean {
  return (UNAUTHENTICATED_REJECTION_CODES as readonly string[]).includes(code);
}

/** How many refusals of the bucket `code` falls in the store keeps per source. */
export function rejectionsKept(code: string, limits: Pick<StoreLimits, 'rejectionsPerSource'>): number {
  return isUnauthenticatedRejection(code) ? UNAUTHENTICATED_REJECTIONS_KEPT : limits.rejectionsPerSource;
}

/** SQL list of the unauthenticated codes, for statements that cannot bind an array (constants only). */
export const UNAUTHENTICATED_CODES_SQL = UNAUTHENTICATED_REJECTION_CODES.map((code) => `'${code}'`).join(', ');
