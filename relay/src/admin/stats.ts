/**
 * `GET /api/v1/stats`: what the admin overview shows at a glance. Events received and
 * deliveries by status over the last hour and day, the delivery queue, and the subscriptions
 * that need attention (switched off by the relay, failing, or holding a filter that no longer
 * compiles), each with its reason. Counts come from index range scans (see `SqliteStats`).
 */
import { Router } from 'express';
import type { AppDeps } from '../deps.js';
import type { HookHealthRecord } from '../store/types.js';
import type { LoadedHook } from '../subscriptions/registry.js';

const HOUR_MS = 3600_000;

export interface AttentionItem {
  hook_id: string;
  name: string | null;
  target_url: string;
  active: boolean;
  /** Why it needs attention, in words an operator can act on. */
  reason: string;
  consecutive_failures: number;
  last_failure_at: string | null;
  last_success_at: string | null;
}

function attention(hook: LoadedHook, health: HookHealthRecord | undefined): AttentionItem | null {
  const { record } = hook;
  const failures = health?.consecutive_failures ?? 0;
  let reason: string | null = null;
  if (!record.active && record.disabled_reason) reason = record.disabled_reason;
  else if (hook.filterError) reason = `Its filter no longer compiles, so it receives nothing: ${hook.filterError}`;
  else if (failures > 0) reason = `${failures} failed ${failures === 1 ? 'delivery' : 'deliveries'} in a row`;
  if (reason === null) return null;
  return {
    hook_id: record.id,
    name: record.name,
    target_url: record.target_url,
    active: record.active,
    reason,
    consecutive_failures: failures,
    last_failure_at: health?.last_failure_at ?? null,
    last_success_at: health?.last_success_at ?? null,
  };
}

export function statsRouter(deps: Pick<AppDeps, 'store' | 'hooks' | 'now'>): Router {
  const router = Router();
  const { store, hooks } = deps;

  router.get('/stats', async (_req, res) => {
    const now = deps.now();
    const hourSince = new Date(now.getTime() - HOUR_MS);
    const daySince = new Date(now.getTime() - 24 * HOUR_MS);
    const [hour, day, queue, health, lastEventAt, sources] = await Promise.all([
      store.activitySince(hourSince),
      store.activitySince(daySince),
      store.queueDepth(now),
      store.hookHealth(),
      store.lastEventAt(),
      store.listSources(),
    ]);
    const all = hooks.all();
    const byHook = new Map(health.map((h) => [h.hook_id, h]));
    const active = all.filter((h) => h.record.active).length;
    const disabled = all.filter((h) => !h.record.active && h.record.disabled_reason).length;
    const needing = all
      .map((h) => attention(h, byHook.get(h.record.id)))
      .filter((item): item is AttentionItem => item !== null)
      .sort((a, b) => Number(a.active) - Number(b.active) || b.consecutive_failures - a.consecutive_failures);
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      generated_at: now.toISOString(),
      last_hour: { since: hourSince.toISOString(), ...hour },
      last_day: { since: daySince.toISOString(), ...day },
      last_event_at: lastEventAt,
      queue,
      sources: { total: sources.length, active: sources.filter((s) => s.active).length },
      subscriptions: { total: all.length, active, disabled, inactive: all.length - active - disabled },
      attention: needing,
      health: health.filter((h) => hooks.get(h.hook_id) !== undefined),
    });
  });

  return router;
}
