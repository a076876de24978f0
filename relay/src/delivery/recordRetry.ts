/**
 * Recording an attempt whose subscriber has already answered. If the store cannot take the
 * record (full disk, I/O error, database down, writer thread dead), sending again would deliver
 * twice while saving nothing more: the outcome is kept in memory and only the record is retried,
 * with back-off, until it is stored. This is sound because `recordAttempt` is safe to repeat (the
 * same attempt id; see the store contract), so a record that did commit before its answer was
 * lost is not counted twice.
 *
 * While the record waits the delivery stays out of scans (the engine's lane keeps it `recording`,
 * a BullMQ job stays active), so it is neither sent again nor forgotten. Only a stop (shutdown)
 * drops the outcome: the row is still pending and is attempted again after restart, with the
 * same `webhook-id` (at-least-once).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log.js';
import { STORAGE_RETRY_AFTER_SECONDS } from '../store/unavailable.js';

export interface RecordRetryOptions {
  /** Wait after the first failed record; doubles after each further failure. @default 250 */
  firstDelayMs: number;
  /** Longest wait between two tries. @default 30000 (the Retry-After given to vendors) */
  maxDelayMs: number;
}

export const DEFAULT_RECORD_RETRY: RecordRetryOptions = { firstDelayMs: 250, maxDelayMs: STORAGE_RETRY_AFTER_SECONDS * 1000 };

const STOPPED = 'stopped before the attempt could be recorded; the delivery stays pending and is attempted again after restart';

export interface RecordTries<T> {
  /** Settles with the first try: rejects with its error (an interactive caller answers that, 503). */
  first: Promise<T>;
  /** Resolves with what the storing try gave once one stored the record; rejects only when `signal` aborts first. */
  stored: Promise<T>;
}

/** Wait before try number `failures + 1` (pure; table-tested). */
export function recordRetryDelay(failures: number, options: RecordRetryOptions = DEFAULT_RECORD_RETRY): number {
  return Math.min(options.maxDelayMs, options.firstDelayMs * 2 ** Math.max(0, failures - 1));
}

/**
 * Tries `save` until it resolves. Every failure is retried, not only storage ones: a failure that
 * is a bug would otherwise resend the delivery at scan speed, which is worse than holding it.
 */
export function recordUntilStored<T>(
  save: () => Promise<T>,
  context: { logger: Logger; signal: AbortSignal; log: Record<string, unknown>; options?: RecordRetryOptions },
): RecordTries<T> {
  const options = context.options ?? DEFAULT_RECORD_RETRY;
  const firstTry = save();
  const stored = (async () => {
    let failures = 0;
    let waitMs = 0;
    let attempt = firstTry;
    for (;;) {
      try {
        const value = await attempt;
        if (failures > 0) context.logger.warn({ ...context.log, tries: failures + 1 }, 'delivery attempt recorded after the store recovered');
        return value;
      } catch (err) {
        failures++;
        waitMs = recordRetryDelay(failures, options);
        const log = { ...context.log, err, tries: failures, retry_in_ms: waitMs };
        if (failures === 1) context.logger.error(log, 'could not record a delivery attempt; it is kept in memory and not sent again while the record is retried');
        else context.logger.warn(log, 'still cannot record a delivery attempt');
      }
      await sleep(waitMs, undefined, { signal: context.signal, ref: false }).catch(() => undefined);
      if (context.signal.aborted) throw new Error(STOPPED);
      attempt = save();
    }
  })();
  // Both are optional to await: neither may become an unhandled rejection.
  firstTry.catch(() => undefined);
  stored.catch(() => undefined);
  return { first: firstTry, stored };
}
