/**
 * The retry fields of a hook body (`retry_enabled`, `retry_attempts`, `retry_schedule`), on
 * create and on PATCH. The rules themselves live in `delivery/schedule.ts`; this only decides
 * what a PATCH of some of them means for the others.
 */
import { DEFAULT_RETRY_POLICY, MAX_RETRY_ATTEMPTS, validateRetrySettings, type RetryPolicy } from '../delivery/schedule.js';
import { AppError } from '../errors.js';
import type { Json } from '../http/validate.js';
import type { HookRecord } from '../store/types.js';

export type RetryFields = Pick<HookRecord, 'retry_enabled' | 'retry_attempts' | 'retry_schedule'>;

export const RETRY_FIELDS = ['retry_enabled', 'retry_attempts', 'retry_schedule'] as const;

function stored(result: RetryPolicy | AppError): RetryFields {
  if (result instanceof AppError) throw result;
  return { retry_enabled: result.retry_enabled, retry_attempts: result.retry_attempts, retry_schedule: result.retry_schedule ? [...result.retry_schedule] : null };
}

/** The retry fields of a new hook: absent ones take their defaults. */
export function createRetry(body: Json): RetryFields {
  return stored(validateRetrySettings(body));
}

/**
 * The retry fields of a PATCH merged over the stored ones. `retry_attempts` alone cannot change
 * a hook whose `retry_schedule` decides its attempts (it would be silently ignored); clearing
 * the schedule keeps the attempt count, capped to what the seed schedule allows.
 */
export function patchRetry(body: Json, existing: RetryFields): RetryFields {
  const attempts = body['retry_attempts'];
  const scheduleSent = Object.hasOwn(body, 'retry_schedule');
  if (attempts !== undefined && !scheduleSent && existing.retry_schedule !== null && attempts !== existing.retry_attempts) {
    const message = 'This hook\'s `retry_schedule` sets its attempts; send `"retry_schedule": null` with `retry_attempts` to use the standard schedule.';
    throw new AppError('invalid_field', message, { field: 'retry_attempts' });
  }
  const schedule = scheduleSent ? body['retry_schedule'] : existing.retry_schedule;
  const keptAttempts = Math.min(existing.retry_attempts, MAX_RETRY_ATTEMPTS);
  return stored(
    validateRetrySettings({
      retry_enabled: body['retry_enabled'] ?? existing.retry_enabled,
      retry_attempts: attempts ?? (schedule === null ? keptAttempts : DEFAULT_RETRY_POLICY.retry_attempts),
      retry_schedule: schedule,
    }),
  );
}
