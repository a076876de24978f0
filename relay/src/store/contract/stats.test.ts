import { failWrite, newDelivery, retryWrite, successWrite } from '../deliveryTesting.js';
import { makeInsert } from '../storeTesting.js';
import type { DeliveryRecord } from '../types.js';
import { storeKinds, useTestStore } from './harness.js';

const NOW = new Date('2026-03-03T15:00:00.000Z');
const minutesAgo = (m: number): Date => new Date(NOW.getTime() - m * 60_000);

describe.each(storeKinds())('%s store: admin overview counts', (kind) => {
  const t = useTestStore(kind);

  /** One event received `at`, with one delivery to `hookId` created then. */
  async function eventWithDelivery(at: Date, hookId = 'hook_a'): Promise<DeliveryRecord> {
    const delivery = newDelivery(hookId);
    await t().store.appendEvent({ ...makeInsert({ receivedAt: at }), deliveries: [delivery] }, at);
    const stored = await t().store.getDelivery(delivery.id);
    if (!stored) throw new Error('delivery not stored');
    return stored;
  }

  it('counts only events and deliveries since the time asked, deliveries by their status now', async () => {
    const { store } = t();
    await eventWithDelivery(minutesAgo(3 * 60));
    const ok = await eventWithDelivery(minutesAgo(30));
    const bad = await eventWithDelivery(minutesAgo(20));
    await eventWithDelivery(minutesAgo(10));
    await store.recordAttempt(successWrite(ok, NOW), NOW);
    await store.recordAttempt(failWrite(bad, NOW), NOW);

    const none = { pending: 0, succeeded: 0, failed: 0, cancelled: 0 };
    expect(await store.activitySince(minutesAgo(60))).toEqual({ events: 3, deliveries: { ...none, pending: 1, succeeded: 1, failed: 1 } });
    expect(await store.activitySince(minutesAgo(24 * 60))).toEqual({ events: 4, deliveries: { ...none, pending: 2, succeeded: 1, failed: 1 } });
    expect(await store.activitySince(NOW)).toEqual({ events: 0, deliveries: none });
  });

  it('tells queued deliveries from those due now', async () => {
    const { store } = t();
    const later = await eventWithDelivery(minutesAgo(5));
    await eventWithDelivery(minutesAgo(4));
    await store.recordAttempt(retryWrite(later, minutesAgo(4), new Date(NOW.getTime() + 60_000)), minutesAgo(4));
    expect(await store.queueDepth(NOW)).toEqual({ pending: 2, due: 1 });
  });

  it("reports each hook's failure streak and last success and failure times", async () => {
    const { store } = t();
    const first = await eventWithDelivery(minutesAgo(5), 'hook_b');
    const second = await eventWithDelivery(minutesAgo(4), 'hook_b');
    await store.recordAttempt(successWrite(first, minutesAgo(5)), minutesAgo(5));
    await store.recordAttempt(failWrite(second, minutesAgo(4)), minutesAgo(4));
    const third = await eventWithDelivery(minutesAgo(3), 'hook_a');
    await store.recordAttempt(failWrite(third, minutesAgo(3)), minutesAgo(3));
    expect(await store.hookHealth()).toEqual([
      { hook_id: 'hook_a', consecutive_failures: 1, last_success_at: null, last_failure_at: minutesAgo(3).toISOString() },
      { hook_id: 'hook_b', consecutive_failures: 1, last_success_at: minutesAgo(5).toISOString(), last_failure_at: minutesAgo(4).toISOString() },
    ]);
  });

  it('knows when the newest event arrived', async () => {
    expect(await t().store.lastEventAt()).toBeNull();
    await eventWithDelivery(minutesAgo(7));
    await eventWithDelivery(minutesAgo(2));
    expect(await t().store.lastEventAt()).toBe(minutesAgo(2).toISOString());
  });
});
