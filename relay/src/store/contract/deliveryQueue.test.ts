import { failWrite, newDelivery, retryWrite, successWrite } from '../deliveryTesting.js';
import { makeInsert } from '../storeTesting.js';
import type { DeliveryRecord, DeliveryTrigger } from '../types.js';
import { storeKinds, useTestStore } from './harness.js';

const NOW = new Date('2026-03-03T15:01:10.000Z');
const at = (seconds: number): Date => new Date(NOW.getTime() + seconds * 1000);

describe.each(storeKinds())('%s store: the delivery queue', (kind) => {
  const t = useTestStore(kind);

  /** Adds one pending delivery of a fresh event for `hookId`, due `dueAt`. */
  async function add(hookId: string, dueAt: Date, trigger: DeliveryTrigger = 'scheduled'): Promise<DeliveryRecord> {
    const delivery = newDelivery(hookId, trigger);
    await t().store.addDeliveries(`evt_${delivery.id}`, 'clarky.booking.confirmed', [delivery], dueAt);
    const stored = await t().store.getDelivery(delivery.id);
    if (!stored) throw new Error('delivery not stored');
    return stored;
  }

  const ids = (list: DeliveryRecord[]): string[] => list.map((d) => d.id);

  it('adds deliveries alongside concurrent appends', async () => {
    const { store } = t();
    const delivery = newDelivery('hook_a', 'test');
    await Promise.all([
      store.appendEvent(makeInsert(), NOW),
      store.addDeliveries('evt_sample', 'clarky.booking.confirmed', [delivery], NOW),
    ]);
    expect(await store.getDelivery(delivery.id)).toMatchObject({ trigger: 'test', status: 'pending', event_id: 'evt_sample' });
  });

  it('answers only deliveries due by now, of the hook asked, oldest due first', async () => {
    const { store } = t();
    const late = await add('hook_a', at(10));
    const early = await add('hook_a', at(-20));
    const mid = await add('hook_a', at(-5));
    await add('hook_b', at(-30));
    expect(ids(await store.dueDeliveries('hook_a', NOW, 10, []))).toEqual([early.id, mid.id]);
    expect(ids(await store.dueDeliveries('hook_a', at(10), 10, []))).toEqual([early.id, mid.id, late.id]);
    expect(ids(await store.dueDeliveries('hook_a', NOW, 1, []))).toEqual([early.id]);
    expect(await store.dueDeliveries('hook_c', NOW, 10, [])).toEqual([]);
  });

  it('breaks ties in due time by insertion order', async () => {
    const first = await add('hook_a', NOW);
    const second = await add('hook_a', NOW);
    expect(ids(await t().store.dueDeliveries('hook_a', NOW, 10, []))).toEqual([first.id, second.id]);
  });

  it('skips the deliveries in the exclude list (those in flight)', async () => {
    const [a, b, c] = [await add('hook_a', NOW), await add('hook_a', NOW), await add('hook_a', NOW)];
    expect(ids(await t().store.dueDeliveries('hook_a', NOW, 2, [a.id, c.id]))).toEqual([b.id]);
  });

  it('answers no delivery that is not pending', async () => {
    const { store } = t();
    const done = await add('hook_a', NOW);
    await store.recordAttempt(failWrite(done, NOW), NOW);
    expect(await store.dueDeliveries('hook_a', at(60), 10, [])).toEqual([]);
    expect(await store.hooksWithDueDeliveries(at(60))).toEqual([]);
    expect(await store.nextDueAt()).toBeNull();
  });

  it.each([0, -1, 1.5])('refuses a due limit of %p', async (limit) => {
    await expect(t().store.dueDeliveries('hook_a', NOW, limit, [])).rejects.toThrow(/`limit`.*>= 1/);
  });

  it('names each hook with due work once', async () => {
    await add('hook_a', at(-1));
    await add('hook_a', at(-2));
    await add('hook_b', NOW);
    await add('hook_c', at(1));
    await add('hook_d', at(-3));
    await t().store.cancelPending('hook_d', NOW);
    expect((await t().store.hooksWithDueDeliveries(NOW)).sort()).toEqual(['hook_a', 'hook_b']);
  });

  it('answers the earliest due time of any pending delivery, or null, and the next one after a time', async () => {
    const { store } = t();
    expect(await store.nextDueAt()).toBeNull();
    await add('hook_a', at(30));
    const soonest = await add('hook_b', at(5));
    expect(await store.nextDueAt()).toEqual(at(5));
    expect(await store.nextDueAt(at(5))).toEqual(at(30));
    await store.recordAttempt(retryWrite(soonest, at(5), at(65)), at(5));
    expect(await store.nextDueAt()).toEqual(at(30));
  });

  it('re-queues failed deliveries of the hook created since the given time as a new cycle, due now, except tests', async () => {
    const { store } = t();
    const old = await add('hook_a', at(-100));
    const recent = await add('hook_a', at(-10));
    const other = await add('hook_b', at(-10));
    const stillPending = await add('hook_a', at(-10));
    const test = await add('hook_a', at(-10), 'test');
    for (const d of [old, recent, other, test]) await store.recordAttempt(failWrite(d, at(-5)), at(-5));

    expect(await store.requeueFailed('hook_a', at(-50), NOW)).toBe(1);
    expect(await store.getDelivery(recent.id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      cycle_attempts: 0,
      next_attempt_at: NOW.toISOString(),
      updated_at: NOW.toISOString(),
    });
    expect((await store.getDelivery(old.id))?.status).toBe('failed');
    expect((await store.getDelivery(other.id))?.status).toBe('failed');
    expect((await store.getDelivery(test.id))?.status).toBe('failed');
    expect(ids(await store.dueDeliveries('hook_a', NOW, 10, []))).toEqual([stillPending.id, recent.id]);
  });

  it('cancels the pending deliveries of one hook only, which are then never due', async () => {
    const { store } = t();
    const a1 = await add('hook_a', NOW);
    await add('hook_a', at(60));
    const finished = await add('hook_a', NOW);
    await store.recordAttempt(failWrite(finished, NOW), NOW);
    const b = await add('hook_b', NOW);

    expect(await store.cancelPending('hook_a', at(1))).toBe(2);
    expect(await store.getDelivery(a1.id)).toMatchObject({ status: 'cancelled', next_attempt_at: null });
    expect((await store.getDelivery(finished.id))?.status).toBe('failed');
    expect(await store.hooksWithDueDeliveries(at(120))).toEqual([b.hook_id]);
    expect(await store.cancelPending('hook_a', at(2))).toBe(0);
  });

  it('counts deliveries by status, as a full count would, also after a reopen', async () => {
    const list = await Promise.all(Array.from({ length: 6 }, (_, i) => add(`hook_${i % 2}`, NOW)));
    const { store } = t();
    await store.recordAttempt(failWrite(list[0]!, NOW), NOW);
    await store.recordAttempt(failWrite(list[1]!, NOW), NOW);
    await store.recordAttempt(retryWrite(list[2]!, NOW, at(60)), NOW);
    await store.recordAttempt(successWrite(list[4]!, NOW), NOW);
    await store.requeueFailed('hook_0', at(-60), NOW);
    await store.cancelPending('hook_1', NOW);
    expect(await store.deliveryCounts()).toEqual({ pending: 2, succeeded: 1, failed: 1, cancelled: 2 });
    const page = await store.listDeliveries({ limit: 10 });
    const counted = { pending: 0, succeeded: 0, failed: 0, cancelled: 0 };
    for (const d of page.deliveries) counted[d.status] += 1;
    expect(await (await t().reopen()).deliveryCounts()).toEqual(counted);
  });
});
