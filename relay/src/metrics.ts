/**
 * Prometheus metrics (prom-client), one registry per relay so several relays can live in one
 * test process. Counts only: no payloads, no secrets. Labels are bounded: uncataloged event
 * types are counted as `<vendor>.uncataloged`.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AttemptReport } from './delivery/attempt.js';
import type { DeliveryMetrics } from './delivery/metrics.js';
import type { EventEnvelope } from './events/envelope.js';
import type { GroupCommitStats } from './store/sqlite/groupCommit.js';
import type { Store } from './store/types.js';
import type { HookRegistry } from './subscriptions/registry.js';

export interface RelayMetrics extends DeliveryMetrics {
  registry: Registry;
  eventReceived(event: EventEnvelope, duplicate: boolean): void;
  ingestRefused(code: string): void;
}

export function createMetrics(store: Store, hooks: () => HookRegistry | null): RelayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'switchboard_' });
  const events = new Counter({ name: 'switchboard_events_received_total', help: 'Vendor events accepted, by vendor and type (duplicates excluded).', labelNames: ['vendor', 'type'], registers: [registry] });
  const duplicates = new Counter({ name: 'switchboard_events_duplicate_total', help: 'Vendor deliveries recognised as duplicates.', labelNames: ['vendor'], registers: [registry] });
  const refused = new Counter({ name: 'switchboard_ingest_refused_total', help: 'Inbound requests refused, by error code.', labelNames: ['code'], registers: [registry] });
  const attempts = new Counter({ name: 'switchboard_delivery_attempts_total', help: 'Delivery attempts by outcome (success, retry, gone, failed_permanent).', labelNames: ['outcome', 'trigger'], registers: [registry] });
  const settled = new Counter({ name: 'switchboard_deliveries_settled_total', help: 'Deliveries that reached a final state, by state.', labelNames: ['status'], registers: [registry] });
  const latency = new Histogram({ name: 'switchboard_delivery_attempt_duration_seconds', help: 'Time from request start to response (or error) per attempt.', labelNames: ['outcome'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30], registers: [registry] });
  const inFlight = new Gauge({ name: 'switchboard_delivery_in_flight', help: 'Delivery attempts in flight now.', registers: [registry] });
  new Gauge({
    name: 'switchboard_delivery_queue_depth',
    help: 'Deliveries by state (pending = queued or scheduled for retry).',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const counts = await store.deliveryCounts();
      for (const [status, n] of Object.entries(counts)) this.set({ status }, n);
    },
  });
  new Gauge({
    name: 'switchboard_store_group_commit',
    help: 'Writes group-committed by the store since start: transactions, jobs (writes) in them, and the largest batch. jobs / transactions is the mean batch size.',
    labelNames: ['counter'],
    registers: [registry],
    collect() {
      const stats = commitStats(store);
      if (!stats) return;
      this.set({ counter: 'transactions' }, stats.transactions);
      this.set({ counter: 'jobs' }, stats.jobs);
      this.set({ counter: 'largest_batch' }, stats.largestBatch);
    },
  });
  new Gauge({
    name: 'switchboard_subscriptions',
    help: 'Subscriptions by state: active, inactive (switched off by a user), disabled (switched off by the relay).',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const all = hooks()?.all() ?? [];
      const disabled = all.filter((h) => !h.record.active && h.record.disabled_reason).length;
      const active = all.filter((h) => h.record.active).length;
      this.set({ state: 'active' }, active);
      this.set({ state: 'disabled' }, disabled);
      this.set({ state: 'inactive' }, all.length - active - disabled);
    },
  });
  return {
    registry,
    inFlight,
    eventReceived(event, duplicate) {
      if (duplicate) duplicates.inc({ vendor: event.vendor });
      else events.inc({ vendor: event.vendor, type: event.cataloged ? event.type : `${event.vendor}.uncataloged` });
    },
    ingestRefused(code) {
      refused.inc({ code });
    },
    observeAttempt(report: AttemptReport) {
      attempts.inc({ outcome: report.decision.outcome, trigger: report.attempt.trigger });
      latency.observe({ outcome: report.decision.outcome }, report.attempt.duration_ms / 1000);
      if (report.decision.status !== 'pending') settled.inc({ status: report.decision.status });
    },
  };
}

/** Both stores count their group commits (`stats()`); the `Store` interface does not require it. */
function commitStats(store: Store): GroupCommitStats | null {
  const withStats = store as Store & { stats?: () => GroupCommitStats };
  return typeof withStats.stats === 'function' ? withStats.stats() : null;
}
