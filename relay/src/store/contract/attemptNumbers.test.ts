/**
 * Attempt numbers are the store's to give: attempts of one delivery never share a number, even
 * when they were made from the same (stale) read of the row and are written at once, as two relay
 * processes attempting one delivery would (issue #12, item 3).
 */
import { failWrite, newDelivery, retryWrite } from '../deliveryTesting.js';
import type { AttemptWrite, DeliveryRecord } from '../types.js';
import { storeKinds, useTestStore } from './harness.js';

const NOW = new Date('2026-03-03T15:01:10.000Z');
const LATER = new Date(NOW.getTime() + 60_000);

describe.each(storeKinds())('%s store: attempt numbers', (kind) => {
  const t = useTestStore(kind);

  async function add(): Promise<DeliveryRecord> {
    const delivery = newDelivery('hook_a');
    await t().store.addDeliveries('evt_1', 'clarky.booking.confirmed', [delivery], NOW);
    const stored = await t().store.getDelivery(delivery.id);
    if (!stored) throw new Error(`delivery ${delivery.id} not stored`);
    return stored;
  }

  async function numbersOf(id: string): Promise<number[]> {
    const page = await t().store.listDeliveries({ deliveryId: id, limit: 1 });
    return (page.deliveries[0]?.attempts_log ?? []).map((a) => a.number).sort((a, b) => a - b);
  }

  it('gives attempts made from the same read of the row, written at once, the numbers 1 to n', async () => {
    const delivery = await add();
    // Every write says "number 1": each was made from the row as it was before any of them.
    const writes: AttemptWrite[] = Array.from({ length: 40 }, () => retryWrite(delivery, NOW, LATER));
    expect(new Set(writes.map((w) => w.attempt.number))).toEqual(new Set([1]));
    const numbers = await Promise.all(writes.map((w) => t().store.recordAttempt(w, NOW)));
    const expected = Array.from({ length: 40 }, (_, i) => i + 1);
    expect([...numbers].sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(expected);
    expect(await numbersOf(delivery.id)).toEqual(expected);
    expect(await t().store.getDelivery(delivery.id)).toMatchObject({ attempts: 40 });
  });

  it('numbers an attempt from the stored count, not from the number it was written with', async () => {
    const delivery = await add();
    await t().store.recordAttempt(retryWrite(delivery, NOW, LATER), NOW);
    await t().store.recordAttempt(retryWrite(delivery, NOW, LATER), NOW);
    await expect(t().store.recordAttempt(failWrite(delivery, NOW), NOW)).resolves.toBe(3);
    expect(await numbersOf(delivery.id)).toEqual([1, 2, 3]);
  });

  it('answers the number an attempt got when the same attempt is written again', async () => {
    const delivery = await add();
    const first = retryWrite(delivery, NOW, LATER);
    await expect(t().store.recordAttempt(first, NOW)).resolves.toBe(1);
    await expect(t().store.recordAttempt(retryWrite(delivery, NOW, LATER), NOW)).resolves.toBe(2);
    await expect(t().store.recordAttempt(first, NOW)).resolves.toBe(1);
    expect(await numbersOf(delivery.id)).toEqual([1, 2]);
  });
});
