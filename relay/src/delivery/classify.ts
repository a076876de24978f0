/**
 * What one delivery attempt's result means (docs/contract.md, "Delivery"). Pure: no clock of its own.
 *
 * - 2xx: `success`.
 * - 410 Gone: `gone`: the subscriber wants the subscription deleted (REST-hook convention).
 * - 429 and 503: `retry`, honouring `Retry-After` (delta-seconds or HTTP-date), clamped to
 *   [1 s, 1 h] so a subscriber can neither make us hammer it nor park a delivery for days.
 * - 3xx (redirects are never followed), every other status, timeouts, connection, DNS and TLS
 *   errors: `retry`: the retry policy decides whether another attempt follows.
 * - A target refused by `SWITCHBOARD_TARGET_POLICY`: `failed_permanent`: repeating the attempt
 *   cannot succeed, so no retry budget is spent on it (it can still be retried by hand).
 */

export type TransportError = 'timeout' | 'connection' | 'dns' | 'tls' | 'target_policy';

export type Outcome = 'success' | 'retry' | 'gone' | 'failed_permanent';

export interface AttemptResult {
  /** The response status, when a response arrived. */
  status?: number;
  /** What went wrong when no response arrived. Ignored when `status` is set. */
  error?: TransportError;
  /** The raw `Retry-After` response header. */
  retryAfter?: string | null;
  now: Date;
}

export interface Classification {
  outcome: Outcome;
  /** Short, log-friendly: `HTTP 503`, `timeout`, `redirect (HTTP 301) not followed`. */
  reason: string;
  /** The subscriber's own `Retry-After`, clamped; only for 429 and 503. */
  retryAfterMs?: number;
}

export const RETRY_AFTER_MIN_MS = 1_000;
export const RETRY_AFTER_MAX_MS = 3_600_000;

const DELTA_SECONDS = /^[0-9]{1,10}$/;
/** IMF-fixdate, RFC 850 and asctime all start with a day name (RFC 9110 section 5.6.7). */
const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? [ A-Za-z0-9:,-]+$/;

/** Milliseconds to wait as a `Retry-After` value asks, clamped; undefined when unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  let ms: number;
  if (DELTA_SECONDS.test(text)) {
    ms = Number(text) * 1000;
  } else if (HTTP_DATE.test(text)) {
    // asctime carries no zone; every HTTP-date is GMT, never the machine's local time.
    const at = Date.parse(text.endsWith('GMT') ? text : `${text} GMT`);
    if (Number.isNaN(at)) return undefined;
    ms = at - now.getTime();
  } else {
    return undefined;
  }
  return Math.min(RETRY_AFTER_MAX_MS, Math.max(RETRY_AFTER_MIN_MS, ms));
}

function classifyStatus(status: number, retryAfter: string | null | undefined, now: Date): Classification {
  if (status >= 200 && status <= 299) return { outcome: 'success', reason: `HTTP ${status}` };
  if (status === 410) return { outcome: 'gone', reason: 'HTTP 410 Gone' };
  if (status >= 300 && status <= 399) return { outcome: 'retry', reason: `redirect (HTTP ${status}) not followed` };
  if (status === 429 || status === 503) {
    const retryAfterMs = parseRetryAfter(retryAfter, now);
    return retryAfterMs === undefined
      ? { outcome: 'retry', reason: `HTTP ${status}` }
      : { outcome: 'retry', reason: `HTTP ${status}`, retryAfterMs };
  }
  return { outcome: 'retry', reason: `HTTP ${status}` };
}

function classifyError(error: TransportError): Classification {
  switch (error) {
    case 'target_policy':
      return { outcome: 'failed_permanent', reason: 'target refused by SWITCHBOARD_TARGET_POLICY' };
    case 'timeout':
    case 'connection':
    case 'dns':
    case 'tls':
      return { outcome: 'retry', reason: error };
    default: {
      const unreachable: never = error;
      return { outcome: 'retry', reason: String(unreachable) };
    }
  }
}

/** Never throws. With neither a status nor an error the attempt counts as a connection failure. */
export function classify(result: AttemptResult): Classification {
  if (result.status !== undefined) return classifyStatus(result.status, result.retryAfter, result.now);
  return classifyError(result.error ?? 'connection');
}
