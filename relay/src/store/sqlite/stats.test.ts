import { DEFAULT_STORE_LIMITS } from '../limits.js';
import { failWrite, newDelivery, retryWrite, successWrite } from '../deliveryTesting.js';
import { openEmbeddedStore, type EmbeddedStore } from '../embedded.js';
import { makeInsert } from '../storeTesting.js';
import { openEventDatabase } from './schema.js';

const NOW = new Date('2026-03-03T15:00:00.000Z');
const minutesAgo = (m: number): Date => new Date(NOW.getTime() - m * 60_000);

describe('admin overview counts', () => {
  let store: EmbeddedStore;
  beforeEach(async () => {
    store = await openEmbeddedStore({ dataDir: null, limits: DEFAULT_STORE_LIMITS });
  });
  afterEach(() => store.close());

  /** One event received `at`, with one delivery to `hookId` created then. */
  async function eventWithDelivery(at: Date, hookId = 'hook_a'): Promise<string> {
    const delivery = newDelivery(hookId);
    await store.appendEvent({ ...makeInsert({ receivedAt: at }), deliveries: [delivery] }, at);
    return delivery.id;
  }

  it('counts only events and deliveries since the time asked, deliveries by their status now', async () => {
    await eventWithDelivery(minutesAgo(3 * 60));
    const ok = await eventWithDelivery(minutesAgo(30));
    const bad = await eventWithDelivery(minutesAgo(20));
    await eventWithDelivery(minutesAgo(10));
    const okRecord = await store.getDelivery(ok);
    const badRecord = await store.getDelivery(bad);
    await store.recordAttempt(successWrite(okRecord!, NOW), NOW);
    await store.recordAttempt(failWrite(badRecord!, NOW), NOW);

    expect(await store.activitySince(minutesAgo(60))).toEqual({ events: 3, deliveries: { pending: 1, succeeded: 1, failed: 1, cancelled: 0 } });
    expect(await store.activitySince(minutesAgo(24 * 60))).toEqual({ events: 4, deliveries: { pending: 2, succeeded: 1, failed: 1, cancelled: 0 } });
    expect(await store.activitySince(NOW)).toEqual({ events: 0, deliveries: { pending: 0, succeeded: 0, failed: 0, cancelled: 0 } });
  });

  it('tells queued deliveries from those due now', async () => {
    const later = await eventWithDelivery(minutesAgo(5));
    await eventWithDelivery(minutesAgo(4));
    const record = await store.getDelivery(later);
    await store.recordAttempt(retryWrite(record!, minutesAgo(4), new Date(NOW.getTime() + 60_000)), minutesAgo(4));
    expect(await store.queueDepth(NOW)).toEqual({ pending: 2, due: 1 });
  });

  it('reports each hook\'s failure streak and last success and failure times', async () => {
    const first = await eventWithDelivery(minutesAgo(5), 'hook_b');
    const second = await eventWithDelivery(minutesAgo(4), 'hook_b');
    await store.recordAttempt(successWrite((await store.getDelivery(first))!, minutesAgo(5)), minutesAgo(5));
    await store.recordAttempt(failWrite((await store.getDelivery(second))!, minutesAgo(4)), minutesAgo(4));
    expect(await store.hookHealth()).toEqual([
      { hook_id: 'hook_b', consecutive_failures: 1, last_success_at: minutesAgo(5).toISOString(), last_failure_at: minutesAgo(4).toISOString() },
    ]);
  });

  it('knows when the newest event arrived', async () => {
    expect(await store.lastEventAt()).toBeNull();
    await eventWithDelivery(minutesAgo(7));
    await eventWithDelivery(minutesAgo(2));
    expect(await store.lastEventAt()).toBe(minutesAgo(2).toISOString());
  });
});

describe('admin overview query plans', () => {
  it('reads the windows through indexes, never a table scan', () => {
    const db = openEventDatabase(':memory:');
    const plan = (sql: string): string =>
      db.prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`).all().map((row) => row.detail).join(' | ');
    expect(plan('SELECT count(*) FROM events WHERE received_ms >= 0')).toMatch(/USING COVERING INDEX events_received_ms/);
    expect(plan('SELECT status, count(*) FROM deliveries INDEXED BY deliveries_created_status WHERE created_ms >= 0 GROUP BY status')).toMatch(
      /USING COVERING INDEX deliveries_created_status/,
    );
    db.close();
  });
});
