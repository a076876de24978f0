import type { AttemptWrite, DeliveryStatus } from '../types.js';
import { ATTEMPT_COLUMNS, attemptParams } from './deliveryRows.js';
import type { Queryable } from './pool.js';
import { pgText } from './text.js';

/**
 * Writes one attempt and the delivery's new state, inside a group-commit job, and resolves the
 * attempt's number, assigned here: the row's `attempts` + 1, read under the row lock. Safe to
 * repeat: an attempt id already recorded writes nothing and answers the number it got, a delivery
 * that no longer exists answers null. The delivery row is locked first (`FOR UPDATE`), so two
 * relays recording attempts of one delivery take turns, each sees the other's result, and their
 * attempts never share a number. A cancelled delivery (its hook is gone) is never
 * made pending again: the attempt is logged and the retry it asks for is dropped.
 *
 * Hook health counts deliveries, not attempts: a failure counts when a delivery becomes failed
 * (a manual retry of a failed one that fails again does not count twice). Tests never count.
 */
export async function recordAttempt(client: Queryable, write: AttemptWrite, now: Date): Promise<number | null> {
  const { attempt, status: wanted, countsInCycle } = write;
  const current = await client.query<{ status: DeliveryStatus; trigger: string; hook_id: string; attempts: number }>(
    'SELECT status, trigger, hook_id, attempts FROM deliveries WHERE id = $1 FOR UPDATE',
    [attempt.delivery_id],
  );
  const row = current.rows[0];
  if (!row) return null;
  const number = row.attempts + 1;
  const inserted = await client.query(
    `INSERT INTO attempts (${ATTEMPT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     ON CONFLICT (id) DO NOTHING`,
    attemptParams({ ...attempt, number }, now),
  );
  if (inserted.rowCount === 0) {
    const known = await client.query<{ number: number }>('SELECT number FROM attempts WHERE id = $1', [attempt.id]);
    return known.rows[0]?.number ?? null;
  }
  const status: DeliveryStatus = row.status === 'cancelled' && wanted === 'pending' ? 'cancelled' : wanted;
  const nowText = now.toISOString();
  await client.query(
    `UPDATE deliveries SET attempts = attempts + 1, cycle_attempts = cycle_attempts + $2, status = $3,
       next_attempt_at = $4, last_status_code = $5, last_error = $6, updated_at = $7
     WHERE id = $1`,
    [
      attempt.delivery_id,
      countsInCycle ? 1 : 0,
      status,
      status === 'pending' ? write.nextAttemptAt?.toISOString() ?? null : null,
      attempt.status_code,
      pgText(attempt.error),
      nowText,
    ],
  );
  if (row.trigger === 'test') return number;
  if (status === 'succeeded') {
    await client.query(
      `INSERT INTO hook_health (hook_id, consecutive_failures, last_success_at) VALUES ($1, 0, $2)
       ON CONFLICT (hook_id) DO UPDATE SET consecutive_failures = 0, last_success_at = EXCLUDED.last_success_at`,
      [row.hook_id, nowText],
    );
  } else if (status === 'failed' && row.status !== 'failed') {
    await client.query(
      `INSERT INTO hook_health (hook_id, consecutive_failures, last_failure_at) VALUES ($1, 1, $2)
       ON CONFLICT (hook_id) DO UPDATE SET consecutive_failures = hook_health.consecutive_failures + 1,
         last_failure_at = EXCLUDED.last_failure_at`,
      [row.hook_id, nowText],
    );
  }
  return number;
}
