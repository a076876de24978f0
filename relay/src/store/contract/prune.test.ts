import { failWrite, newDelivery, retryWrite, successWrite } from '../deliveryTesting.js';
import { makeInsert } from '../storeTesting.js';
import type { DeliveryRecord, Store } from '../types.js';
import { openTestStore, storeKinds, type OpenOptions, type TestStore } from './harness.js';

const NOW = new Date('2026-03-03T15:01:10.000Z');
const DAY_MS = 86_400_000;
const daysAgo = (days: number): Date => new Date(NOW.getTime() - days * DAY_MS);

describe.each(storeKinds())('%s store: prune', (kind) => {
  let handle: TestStore | null = null;
  afterEach(async () => {
    await handle?.destroy();
    handle = null;
  });

  /** A fresh store with these limits, pruning 2 rows per chunk (so chunking is exercised). */
  async function open(limits: OpenOptions['limits'] = {}): Promise<Store> {
    handle = await openTestStore(kind, { limits: { eventRetentionDays: 30, deliveryRetentionDays: 14, ...limits }, pruneChunk: 2 });
    return handle.store;
  }

  /** Appends an event received `days` ago with one delivery for `hook_a`, and answers both. */
  async function eventWithDelivery(store: Store, days: number): Promise<{ eventId: string; delivery: DeliveryRecord }> {
    const insert = { ...makeInsert({ receivedAt: daysAgo(days) }), deliveries: [newDelivery('hook_a')] };
    await store.appendEvent(insert, daysAgo(days));
    const delivery = await store.getDelivery(insert.deliveries[0]?.id ?? '');
    if (!delivery) throw new Error('delivery not stored');
    return { eventId: insert.envelope.id, delivery };
  }

  async function allDeliveries(store: Store): Promise<{ id: string; attempts: number }[]> {
    const page = await store.listDeliveries({ limit: 500 });
    return page.deliveries.map((d) => ({ id: d.id, attempts: d.attempts_log.length })).reverse();
  }

  it('drops events received before the retention window and keeps the rest', async () => {
    const store = await open();
    const old = [40, 35, 31].map((days) => makeInsert({ receivedAt: daysAgo(days) }));
    const recent = [29, 1].map((days) => makeInsert({ receivedAt: daysAgo(days) }));
    for (const insert of [...old, ...recent]) await store.appendEvent(insert, NOW);

    expect(await store.prune(NOW)).toMatchObject({ events: 3, dedupeKeys: 0 });
    const left = (await store.listEvents({ limit: 10 })).events.map((e) => e.envelope.id);
    expect(left).toEqual(recent.map((insert) => insert.envelope.id).reverse());
  });

  it('drops the oldest events beyond eventRetentionMax, in chunks', async () => {
    const store = await open({ eventRetentionMax: 5 });
    const inserts = Array.from({ length: 12 }, () => makeInsert({ receivedAt: NOW }));
    for (const insert of inserts) await store.appendEvent(insert, NOW);

    expect(await store.prune(NOW)).toMatchObject({ events: 7, dedupeKeys: 0 });
    const left = (await store.listEvents({ limit: 20 })).events.map((e) => e.envelope.id);
    expect(left).toEqual(inserts.slice(7).map((insert) => insert.envelope.id).reverse());
    expect(await store.prune(NOW)).toMatchObject({ events: 0, dedupeKeys: 0 });
  });

  it('drops expired dedupe keys and keeps unexpired ones working', async () => {
    const store = await open({ dedupeTtlHours: 24 });
    for (const key of ['k1', 'k2', 'k3']) await store.appendEvent(makeInsert({ dedupeKeys: [key] }), daysAgo(1));
    const fresh = makeInsert({ dedupeKeys: ['k4'] });
    await store.appendEvent(fresh, NOW);

    expect(await store.prune(NOW)).toMatchObject({ events: 0, dedupeKeys: 3 });
    expect(await store.appendEvent(makeInsert({ dedupeKeys: ['k4'] }), NOW)).toEqual({ duplicate: true, eventId: fresh.envelope.id });
  });

  it('drops finished deliveries past retention with their attempts, and keeps pending ones and their events', async () => {
    const store = await open();
    const pending = await eventWithDelivery(store, 40);
    await store.recordAttempt(retryWrite(pending.delivery, daysAgo(20), NOW), daysAgo(20));
    const oldFailed = await eventWithDelivery(store, 40);
    await store.recordAttempt(retryWrite(oldFailed.delivery, daysAgo(21), daysAgo(20)), daysAgo(21));
    const retried = await store.getDelivery(oldFailed.delivery.id);
    await store.recordAttempt(failWrite(retried ?? oldFailed.delivery, daysAgo(20)), daysAgo(20));
    const recent = await eventWithDelivery(store, 5);
    await store.recordAttempt(successWrite(recent.delivery, daysAgo(5)), daysAgo(5));

    expect(await store.prune(NOW)).toEqual({ events: 1, dedupeKeys: 0, deliveries: 1, attempts: 3 });
    expect(await allDeliveries(store)).toEqual([
      { id: pending.delivery.id, attempts: 0 },
      { id: recent.delivery.id, attempts: 1 },
    ]);
    expect(await store.getEvent(pending.eventId)).not.toBeNull();
    expect(await store.getEvent(oldFailed.eventId)).toBeNull();
    expect(await store.getDelivery(pending.delivery.id)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await store.dueDeliveries('hook_a', NOW, 10, [])).toHaveLength(1);
  });

  it('prunes an event once its last pending delivery has finished', async () => {
    const store = await open();
    const { eventId, delivery } = await eventWithDelivery(store, 40);
    expect((await store.prune(NOW)).events).toBe(0);
    await store.recordAttempt(successWrite(delivery, NOW), NOW);
    expect((await store.prune(NOW)).events).toBe(1);
    expect(await store.getEvent(eventId)).toBeNull();
    expect(await store.getDelivery(delivery.id)).toMatchObject({ status: 'succeeded' });
  });

  it('keeps events with pending deliveries beyond eventRetentionMax, dropping the other oldest ones', async () => {
    const store = await open({ eventRetentionMax: 2 });
    const awaited = await eventWithDelivery(store, 3);
    for (const insert of [makeInsert({ receivedAt: daysAgo(2) }), makeInsert({ receivedAt: daysAgo(2) })]) {
      await store.appendEvent(insert, daysAgo(2));
    }
    const newest = [await eventWithDelivery(store, 1), await eventWithDelivery(store, 1)];
    for (const { delivery } of newest) await store.recordAttempt(successWrite(delivery, NOW), NOW);

    expect((await store.prune(NOW)).events).toBe(2);
    const left = (await store.listEvents({ limit: 10 })).events.map((e) => e.envelope.id);
    expect(left).toEqual([newest[1]?.eventId, newest[0]?.eventId, awaited.eventId]);
  });

  it('drops many old finished deliveries in chunks, and nothing on a second run', async () => {
    const store = await open();
    for (let i = 0; i < 5; i += 1) {
      const { delivery } = await eventWithDelivery(store, 20);
      await store.recordAttempt(failWrite(delivery, daysAgo(20)), daysAgo(20));
    }
    const cancelled = await eventWithDelivery(store, 20);
    await store.cancelPending('hook_a', daysAgo(15));

    expect(await store.prune(NOW)).toEqual({ events: 0, dedupeKeys: 0, deliveries: 6, attempts: 5 });
    expect(await allDeliveries(store)).toEqual([]);
    expect(await store.deliveryCounts()).toEqual({ pending: 0, succeeded: 0, failed: 0, cancelled: 0 });
    expect(await store.getEvent(cancelled.eventId)).not.toBeNull();
    expect(await store.prune(NOW)).toEqual({ events: 0, dedupeKeys: 0, deliveries: 0, attempts: 0 });
  });

  it('keeps a finished delivery updated within the retention window though it was created long ago', async () => {
    const store = await open({ deliveryRetentionDays: 14 });
    const { delivery } = await eventWithDelivery(store, 20);
    await store.recordAttempt(failWrite(delivery, daysAgo(13)), daysAgo(13));
    expect(await store.prune(NOW)).toMatchObject({ deliveries: 0, attempts: 0 });
    expect(await allDeliveries(store)).toEqual([{ id: delivery.id, attempts: 1 }]);
  });
});
