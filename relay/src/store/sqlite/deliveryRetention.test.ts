import { failWrite, newDelivery, openLogs, retryWrite, successWrite, type Logs } from '../deliveryTesting.js';
import { makeInsert } from '../storeTesting.js';
import type { DeliveryRecord, StoreLimits } from '../types.js';

const NOW = new Date('2026-03-03T15:01:10.000Z');
const DAY_MS = 86_400_000;
const daysAgo = (days: number): Date => new Date(NOW.getTime() - days * DAY_MS);

describe('SqliteEventLog prune with deliveries', () => {
  let logs: Logs;
  afterEach(() => logs.close());

  function open(limits: Partial<StoreLimits>, pruneChunk = 2): void {
    logs = openLogs(':memory:', { eventRetentionDays: 30, deliveryRetentionDays: 14, ...limits }, { pruneChunk });
  }

  /** Appends an event received `days` ago with one delivery for `hook_a`, and answers both. */
  async function eventWithDelivery(days: number): Promise<{ eventId: string; delivery: DeliveryRecord }> {
    const insert = { ...makeInsert({ receivedAt: daysAgo(days) }), deliveries: [newDelivery('hook_a')] };
    await logs.events.appendEvent(insert, daysAgo(days));
    const delivery = await logs.deliveries.getDelivery(insert.deliveries[0]?.id ?? '');
    if (!delivery) throw new Error('delivery not stored');
    return { eventId: insert.envelope.id, delivery };
  }

  async function allDeliveries(): Promise<{ id: string; attempts: number }[]> {
    const page = await logs.deliveries.listDeliveries({ limit: 500 });
    return page.deliveries.map((d) => ({ id: d.id, attempts: d.attempts_log.length })).reverse();
  }

  it('drops finished deliveries past retention with their attempts, and keeps pending ones and their events', async () => {
    open({});
    const pending = await eventWithDelivery(40);
    await logs.deliveries.recordAttempt(retryWrite(pending.delivery, daysAgo(20), NOW), daysAgo(20));
    const oldFailed = await eventWithDelivery(40);
    await logs.deliveries.recordAttempt(retryWrite(oldFailed.delivery, daysAgo(21), daysAgo(20)), daysAgo(21));
    const retried = await logs.deliveries.getDelivery(oldFailed.delivery.id);
    await logs.deliveries.recordAttempt(failWrite(retried ?? oldFailed.delivery, daysAgo(20)), daysAgo(20));
    const recent = await eventWithDelivery(5);
    await logs.deliveries.recordAttempt(successWrite(recent.delivery, daysAgo(5)), daysAgo(5));

    expect(await logs.events.prune(NOW)).toEqual({ events: 1, dedupeKeys: 0, deliveries: 1, attempts: 3 });
    expect(await allDeliveries()).toEqual([
      { id: pending.delivery.id, attempts: 0 },
      { id: recent.delivery.id, attempts: 1 },
    ]);
    expect(await logs.events.getEvent(pending.eventId)).not.toBeNull();
    expect(await logs.events.getEvent(oldFailed.eventId)).toBeNull();
    expect(await logs.deliveries.getDelivery(pending.delivery.id)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await logs.deliveries.dueDeliveries('hook_a', NOW, 10, [])).toHaveLength(1);
  });

  it('prunes an event once its last pending delivery has finished', async () => {
    open({});
    const { eventId, delivery } = await eventWithDelivery(40);
    expect((await logs.events.prune(NOW)).events).toBe(0);
    await logs.deliveries.recordAttempt(successWrite(delivery, NOW), NOW);
    expect((await logs.events.prune(NOW)).events).toBe(1);
    expect(await logs.events.getEvent(eventId)).toBeNull();
    expect(await logs.deliveries.getDelivery(delivery.id)).toMatchObject({ status: 'succeeded' });
  });

  it('keeps events with pending deliveries beyond eventRetentionMax, dropping the other oldest ones', async () => {
    open({ eventRetentionMax: 2 });
    const awaited = await eventWithDelivery(3);
    const plain = [makeInsert({ receivedAt: daysAgo(2) }), makeInsert({ receivedAt: daysAgo(2) })];
    for (const insert of plain) await logs.events.appendEvent(insert, daysAgo(2));
    const newest = [await eventWithDelivery(1), await eventWithDelivery(1)];
    for (const { delivery } of newest) await logs.deliveries.recordAttempt(successWrite(delivery, NOW), NOW);

    expect((await logs.events.prune(NOW)).events).toBe(2);
    const left = (await logs.events.listEvents({ limit: 10 })).events.map((e) => e.envelope.id);
    expect(left).toEqual([newest[1]?.eventId, newest[0]?.eventId, awaited.eventId]);
  });

  it('drops many old finished deliveries in chunks, and nothing on a second run', async () => {
    open({}, 2);
    for (let i = 0; i < 5; i += 1) {
      const { delivery } = await eventWithDelivery(20);
      await logs.deliveries.recordAttempt(failWrite(delivery, daysAgo(20)), daysAgo(20));
    }
    const cancelled = await eventWithDelivery(20);
    await logs.deliveries.cancelPending('hook_a', daysAgo(15));

    expect(await logs.events.prune(NOW)).toEqual({ events: 0, dedupeKeys: 0, deliveries: 6, attempts: 5 });
    expect(await allDeliveries()).toEqual([]);
    expect(await logs.deliveries.deliveryCounts()).toEqual({ pending: 0, succeeded: 0, failed: 0, cancelled: 0 });
    expect(await logs.events.getEvent(cancelled.eventId)).not.toBeNull();
    expect(await logs.events.prune(NOW)).toEqual({ events: 0, dedupeKeys: 0, deliveries: 0, attempts: 0 });
  });

  it('keeps a finished delivery updated within the retention window though it was created long ago', async () => {
    open({ deliveryRetentionDays: 14 });
    const { delivery } = await eventWithDelivery(20);
    await logs.deliveries.recordAttempt(failWrite(delivery, daysAgo(13)), daysAgo(13));
    expect(await logs.events.prune(NOW)).toMatchObject({ deliveries: 0, attempts: 0 });
    expect(await allDeliveries()).toEqual([{ id: delivery.id, attempts: 1 }]);
  });
});
