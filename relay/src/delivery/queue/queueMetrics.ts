import { Gauge, type Registry } from 'prom-client';
import type { DeliveryQueue } from './producer.js';

/**
 * `switchboard_queue_jobs{state}`: BullMQ jobs waiting, delayed (retries, put-off jobs) and
 * active, read from Redis at scrape time. The same in every process (the queue is shared); the
 * delivery rows' own depth stays `switchboard_delivery_queue_depth`.
 */
export function registerQueueMetrics(registry: Registry, queue: Pick<DeliveryQueue, 'counts'>): void {
  new Gauge({
    name: 'switchboard_queue_jobs',
    help: 'Delivery jobs in the BullMQ queue, by state (waiting, delayed, active).',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      try {
        // Queue commands wait for Redis to come back; a scrape must not.
        const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 2_000).unref());
        const counts = await Promise.race([queue.counts(), timeout]);
        if (!counts) return;
        for (const [state, value] of Object.entries(counts)) this.set({ state }, value);
      } catch {
        // Redis unreachable: /readyz says so; the scrape still answers.
      }
    },
  });
}
