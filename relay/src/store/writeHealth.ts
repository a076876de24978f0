/**
 * Whether the store is taking writes now, learned from the writes themselves: a write that fails
 * for lack of storage (store/unavailable.ts: full disk, I/O error, database down, writer thread
 * dead) makes the relay not ready on `/readyz` (`"writes": "failing"`), and the next write that
 * succeeds makes it ready again; nothing has to restart. Failures that are the caller's (a
 * duplicate, a constraint) say nothing about the store and are ignored.
 *
 * A relay taken out of its load balancer may see no writes for a while; a failure older than
 * `staleMs` is then no longer reported (traffic comes back and tries again), so a process is
 * never kept out for good by one bad minute. Delivery records retried in the background
 * (delivery/recordRetry.ts) keep probing meanwhile.
 */
import { STORAGE_RETRY_AFTER_SECONDS, isStorageUnavailable } from './unavailable.js';
import type { Store } from './types.js';

export type WriteState = 'ok' | 'failing';

export class WriteHealth {
  readonly #now: () => number;
  readonly #staleMs: number;
  #failedAt: number | null = null;

  /** @param staleMs How long an unanswered failure is reported. @default 30000 (the Retry-After given to callers) */
  constructor(now: () => number = Date.now, staleMs = STORAGE_RETRY_AFTER_SECONDS * 1000) {
    this.#now = now;
    this.#staleMs = staleMs;
  }

  succeeded(): void {
    this.#failedAt = null;
  }

  /** Notes `error` if it is a storage failure; anything else leaves the state alone. */
  failed(error: unknown): void {
    if (isStorageUnavailable(error)) this.#failedAt = this.#now();
  }

  state(): WriteState {
    return this.#failedAt !== null && this.#now() - this.#failedAt <= this.#staleMs ? 'failing' : 'ok';
  }
}

/** Every method of `Store` that writes (reads say nothing about free space). */
const WRITES = [
  'createSource', 'updateSource', 'deleteSource', 'addApiKey', 'createHook', 'updateHook', 'deleteHook',
  'appendEvent', 'addRejection', 'deleteRejections', 'prune',
  'addDeliveries', 'recordAttempt', 'requeueFailed', 'cancelPending',
] as const satisfies readonly (keyof Store)[];

/** Writes that usually change nothing (a prune with nothing old enough): their success proves no free space. */
const FAILURES_ONLY: ReadonlySet<string> = new Set(['prune']);

type Method = (...args: unknown[]) => Promise<unknown>;

/** `store` with each write reporting its outcome to `health`; everything else as it was. */
export function watchWrites<S extends Store>(store: S, health: WriteHealth): S {
  const watched: S = { ...store };
  const slots = watched as unknown as Record<(typeof WRITES)[number], Method>;
  for (const name of WRITES) {
    const original = (store[name] as Method).bind(store);
    const proves = !FAILURES_ONLY.has(name);
    slots[name] = (...args) =>
      new Promise<unknown>((resolve) => resolve(original(...args))).then(
        (value) => {
          if (proves) health.succeeded();
          return value;
        },
        (error: unknown) => {
          health.failed(error);
          throw error;
        },
      );
  }
  return watched;
}
