/**
 * The safety net of the queue: pending deliveries in PostgreSQL that have been due for a while
 * get their job added again, in their subscription's queue. A delivery whose job is waiting,
 * delayed or running is left alone (checked first, and adding is idempotent anyway: deterministic
 * job ids); one whose job was lost (a process died between commit and enqueue, Redis lost its
 * data, a job failed) is enqueued again.
 *
 * It also cancels the pending deliveries of subscriptions deleted while no process was running,
 * and removes their queues.
 * Several processes run it; a PostgreSQL advisory lock makes one of them do each round.
 */
import type { Logger } from '../../log.js';
import type { Store } from '../../store/types.js';
import type { HookRegistry } from '../../subscriptions/registry.js';
import { stepOf } from './jobs.js';
import type { DeliveryQueue } from './producer.js';

export interface SweeperDeps {
  store: Pick<Store, 'hooksWithDueDeliveries' | 'dueDeliveries' | 'getHook' | 'cancelPending'>;
  hooks: HookRegistry;
  queue: Pick<DeliveryQueue, 'addMissing' | 'discard'>;
  logger: Logger;
  now: () => Date;
  /** Runs `work` unless another process holds the lock (PostgreSQL advisory lock). */
  exclusive: (work: () => Promise<number>) => Promise<{ ran: true; value: number } | { ran: false }>;
}

export interface SweeperOptions {
  /** @default 5000 */
  intervalMs?: number;
  /** Only deliveries due at least this long ago are swept (fresh ones are being enqueued). @default 5000 */
  graceMs?: number;
  /** Deliveries enqueued per subscription per round. @default 1000 */
  batch?: number;
}

/** One round: resolves how many steps were added (those with a live job are left alone). Throws on store or Redis failure. */
export async function sweepOnce(deps: SweeperDeps, options: SweeperOptions = {}): Promise<number> {
  const cutoff = new Date(deps.now().getTime() - (options.graceMs ?? 5_000));
  let added = 0;
  for (const hookId of await deps.store.hooksWithDueDeliveries(cutoff)) {
    const hook = deps.hooks.get(hookId)?.record ?? (await deps.store.getHook(hookId));
    if (!hook) {
      const cancelled = await deps.store.cancelPending(hookId, deps.now());
      if (cancelled > 0) deps.logger.info({ hook_id: hookId, cancelled }, 'cancelled deliveries of a deleted subscription');
      await deps.queue.discard(hookId); // its queue, if no worker heard of the deletion
      continue;
    }
    if (!hook.active) continue; // paused: switching it on enqueues its due deliveries
    const due = await deps.store.dueDeliveries(hookId, cutoff, options.batch ?? 1_000, []);
    added += await deps.queue.addMissing(due.map(stepOf));
  }
  return added;
}

/** Sweeps every `intervalMs` (first round at once) until the returned function is called. */
export function startSweeper(deps: SweeperDeps, options: SweeperOptions = {}): () => void {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const round = async (): Promise<void> => {
    try {
      const result = await deps.exclusive(() => sweepOnce(deps, options));
      if (result.ran && result.value > 0) deps.logger.info({ enqueued: result.value }, 'sweeper enqueued due pending deliveries');
    } catch (err) {
      deps.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'delivery sweep failed; next round retries');
    }
    if (!stopped) {
      timer = setTimeout(() => void round(), options.intervalMs ?? 5_000);
      timer.unref();
    }
  };
  void round();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
