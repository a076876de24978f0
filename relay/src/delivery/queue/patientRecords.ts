/**
 * A worker's attempt outcomes outlast a short database outage. Once the subscriber has answered,
 * dropping the outcome because PostgreSQL is restarting would leave the row due, and the sweeper
 * would send the event again (same `webhook-id`) although it was delivered. So a `recordAttempt`
 * refused for a reason that passes with time (`isStorageUnavailable`: connection refused or
 * terminated, 57P01 shutdown, pool connect timeout) is tried again, with backoff, for up to
 * `patienceMs`; the attempt's id makes a repeat harmless (`recordAttempt` writes nothing for an
 * id already recorded, as when a lost COMMIT answer hid a success). Any other error, and the last
 * one once patience is spent, propagates (the job fails and the sweeper takes it up).
 *
 * Memory: one pending write per attempt in flight, so bounded by the worker's concurrency.
 */
import type { Store } from '../../store/types.js';
import { isStorageUnavailable } from '../../store/unavailable.js';

export interface PatienceOptions {
  /** @default 30000 */
  patienceMs?: number;
  /** First pause between tries, doubled up to 2 s. @default 200 */
  firstDelayMs?: number;
}

const MAX_DELAY_MS = 2_000;

export function withPatientRecords<S extends Pick<Store, 'recordAttempt'>>(store: S, options: PatienceOptions = {}): S {
  const patienceMs = options.patienceMs ?? 30_000;
  const firstDelayMs = options.firstDelayMs ?? 200;
  return {
    ...store,
    recordAttempt: async (write, now) => {
      const giveUpAt = Date.now() + patienceMs;
      let delay = firstDelayMs;
      for (;;) {
        try {
          return await store.recordAttempt(write, now);
        } catch (error) {
          if (!isStorageUnavailable(error) || Date.now() + delay > giveUpAt) throw error;
          await new Promise((resolve) => setTimeout(resolve, delay));
          delay = Math.min(delay * 2, MAX_DELAY_MS);
        }
      }
    },
  };
}
