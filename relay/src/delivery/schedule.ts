/**
 * The retry policy of one subscription (docs/contract.md, "Delivery", "Retries"). Pure.
 *
 * Attempt 1 is immediate. The seed schedule waits +60 s, +120 s, +180 s, +240 s before attempts
 * 2 to 5, cut to `retry_attempts` attempts in all. A `retry_schedule` of `[d1, d2, ...]` seconds
 * replaces it: one retry after each delay, so `[1]` is 2 attempts in all.
 */
import { AppError, invalidField } from '../errors.js';

/** The stored form: exactly the subscription's three retry fields, validated and defaulted. */
export interface RetryPolicy {
  /** `retry_enabled`: false means one attempt only, whatever else is set. @default true */
  readonly retry_enabled: boolean;
  /**
   * `retry_attempts`: all attempts, the first included, 1 to 5. @default 3. When
   * `retry_schedule` is set this is derived from it (its length + 1).
   */
  readonly retry_attempts: number;
  /** `retry_schedule`: seconds before each retry, 1 to 10 entries of 1 s to 24 h. @default null */
  readonly retry_schedule: readonly number[] | null;
}

export const SEED_DELAYS_SECONDS = [60, 120, 180, 240] as const;
export const DEFAULT_RETRY_ATTEMPTS = 3;
export const MAX_RETRY_ATTEMPTS = SEED_DELAYS_SECONDS.length + 1;
export const MAX_SCHEDULE_ENTRIES = 10;
export const MAX_DELAY_SECONDS = 86_400;
/** Random extra wait, as a share of the delay, so retries after an outage do not arrive in lockstep. */
export const JITTER_SHARE = 0.1;

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retry_enabled: true, retry_attempts: DEFAULT_RETRY_ATTEMPTS, retry_schedule: null };

/** Seconds to wait after attempt n (1-based) fails, at index n - 1; empty = a single attempt. */
export function retryDelays(policy: RetryPolicy): readonly number[] {
  if (!policy.retry_enabled) return [];
  return policy.retry_schedule ?? SEED_DELAYS_SECONDS.slice(0, Math.max(0, policy.retry_attempts - 1));
}

/** How many attempts a delivery gets in all under this policy (at least 1). */
export function maxAttempts(policy: RetryPolicy): number {
  return retryDelays(policy).length + 1;
}

export interface NextAttemptInput {
  /** The 1-based number of the attempt that just failed. */
  attempt: number;
  policy: RetryPolicy;
  now: Date;
  /** The subscriber's clamped `Retry-After` (see `classify`). */
  retryAfterMs?: number;
  /** A number in [0, 1): the share of the maximum jitter to add. @default Math.random */
  jitter?: () => number;
}

/**
 * When the next attempt is due, or null when the attempt that just failed was the last (the
 * delivery is then `failed`). The wait is the policy delay plus up to 10 % jitter; a later
 * `Retry-After` replaces it, an earlier one never shortens it, and it never adds attempts.
 * Throws an internal `AppError` when `attempt` is not a positive integer (a caller bug).
 */
export function nextAttemptAt(input: NextAttemptInput): Date | null {
  if (!Number.isSafeInteger(input.attempt) || input.attempt < 1) {
    throw new AppError('internal', `Expected \`attempt\` to be an integer >= 1, got ${String(input.attempt)}.`);
  }
  const delaySeconds = retryDelays(input.policy)[input.attempt - 1];
  if (delaySeconds === undefined) return null;
  const drawn = (input.jitter ?? Math.random)();
  const share = Number.isFinite(drawn) ? Math.min(1, Math.max(0, drawn)) : 0;
  const delayMs = Math.round(delaySeconds * 1000 * (1 + JITTER_SHARE * share));
  const waitMs = Math.max(delayMs, input.retryAfterMs ?? 0);
  return new Date(input.now.getTime() + waitMs);
}

export interface RetrySettingsInput {
  retry_enabled?: unknown;
  retry_attempts?: unknown;
  retry_schedule?: unknown;
}

function isInteger(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function validateSchedule(value: unknown): readonly number[] | AppError {
  const expected = `an array of 1 to ${MAX_SCHEDULE_ENTRIES} delays in whole seconds (1 to ${MAX_DELAY_SECONDS}), or null`;
  if (!Array.isArray(value)) return invalidField('retry_schedule', expected, value);
  const items: readonly unknown[] = value;
  if (items.length === 0 || items.length > MAX_SCHEDULE_ENTRIES) {
    return new AppError('invalid_field', `Expected \`retry_schedule\` to be ${expected}, got ${items.length} entries.`, { field: 'retry_schedule' });
  }
  const delays: number[] = [];
  for (const [index, delay] of items.entries()) {
    if (!isInteger(delay, 1, MAX_DELAY_SECONDS)) {
      return invalidField(`retry_schedule[${index}]`, `a whole number of seconds from 1 to ${MAX_DELAY_SECONDS} (24 h)`, delay);
    }
    delays.push(delay);
  }
  return delays;
}

/**
 * Validates the retry fields of a subscription as sent (absent = default) and returns the
 * policy to store. `retry_attempts` is checked even when a `retry_schedule` overrides it.
 */
export function validateRetrySettings(input: RetrySettingsInput): RetryPolicy | AppError {
  const enabled = input.retry_enabled ?? DEFAULT_RETRY_POLICY.retry_enabled;
  if (typeof enabled !== 'boolean') return invalidField('retry_enabled', 'a boolean', enabled);
  const attempts = input.retry_attempts ?? DEFAULT_RETRY_ATTEMPTS;
  if (!isInteger(attempts, 1, MAX_RETRY_ATTEMPTS)) {
    return invalidField('retry_attempts', `an integer from 1 to ${MAX_RETRY_ATTEMPTS} (all attempts, the first included)`, attempts);
  }
  if (input.retry_schedule === undefined || input.retry_schedule === null) {
    return { retry_enabled: enabled, retry_attempts: attempts, retry_schedule: null };
  }
  const schedule = validateSchedule(input.retry_schedule);
  if (schedule instanceof AppError) return schedule;
  return { retry_enabled: enabled, retry_attempts: schedule.length + 1, retry_schedule: schedule };
}
