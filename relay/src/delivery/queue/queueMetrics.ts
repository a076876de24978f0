import { Gauge, type Registry } from 'prom-client';
import type { DeliveryQueue } from './producer.js';

/**
 * `switchboard_queue_jobs{state}`: BullMQ jobs waiting, delayed (retries) and active, summed over
 * every subscription's queue, read from Redis at scrape time. The same in every process (the
 * queues are shared); the delivery rows' own depth stays `switchboard_delivery_queue_depth`.
 */
export function registerQueueMetrics(registry: Registry, queue: Pick<DeliveryQueue, 'counts'>, hookIds: () => string[]): void {
  new Gauge({
    name: 'switchboard_queue_jobs',
    help: 'Delivery jobs in the BullMQ queue, by state (waiting, delayed, active).',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      try {
        // Queue commands wait for Redis to come back; a scrape must not.
        const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 2_000).unref());
        const all = Promise.all(hookIds().map((id) => queue.counts(id)));
        const perHook = await Promise.race([all, timeout]);
        if (!perHook) return;
        const total = { waiting: 0, delayed: 0, active: 0 };
        for (const counts of perHook) for (const state of ['waiting', 'delayed', 'active'] as const) total[state] += counts[state];
        for (const [state, value] of Object.entries(total)) this.set({ state }, value);
      } catch {
        // Redis unreachable: /readyz says so; the scrape still answers.
      }
    },
  });
}
