/**
 * What a subscription's attempt means for the subscription itself, whichever engine made it
 * (the embedded lanes or a BullMQ worker): 410 Gone deletes it (REST-hook convention), and too
 * many finally-failed deliveries in a row switch it off with a reason. Both are idempotent, so
 * several worker processes reaching the same conclusion at once write the same state.
 *
 * A test send never changes the subscription, whatever its answer: it is a probe an operator
 * makes (often while setting the target up), not the subscriber's verdict on its deliveries.
 */
import type { Logger } from '../log.js';
import type { HookRecord, Store } from '../store/types.js';
import type { HookRegistry } from '../subscriptions/registry.js';
import type { AttemptReport } from './attempt.js';

export interface AfterAttemptDeps {
  store: Pick<Store, 'consecutiveFailures'>;
  hooks: HookRegistry;
  logger: Logger;
  now: () => Date;
  /** Finally-failed deliveries in a row that switch a subscription off. */
  autoDisableAfter: number;
}

export async function afterAttempt(deps: AfterAttemptDeps, hook: HookRecord, report: AttemptReport): Promise<void> {
  const { store, hooks, logger } = deps;
  if (report.attempt.trigger === 'test') return;
  if (report.decision.outcome === 'gone') {
    // Deleting notifies the engines, which cancel the subscription's pending deliveries.
    if (await hooks.delete(hook.id)) logger.warn({ hook_id: hook.id }, 'subscription deleted: its target answered 410 Gone');
    return;
  }
  if (report.decision.status !== 'failed') return;
  const failures = await store.consecutiveFailures(hook.id);
  const current = hooks.get(hook.id)?.record;
  if (failures >= deps.autoDisableAfter && current?.active) {
    const reason = `Switched off after ${failures} failed deliveries in a row; last error: ${report.decision.error ?? 'unknown'}. Fix the target, then PATCH {"active": true} and recover.`;
    await hooks.disable(hook.id, reason, deps.now());
    logger.warn({ hook_id: hook.id, failures }, 'subscription switched off after consecutive failed deliveries');
  }
}
