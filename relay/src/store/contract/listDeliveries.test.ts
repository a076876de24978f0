import { failWrite, newDelivery, retryWrite, successWrite } from '../deliveryTesting.js';
import { encodeCursor } from '../sqlite/rows.js';
import { InvalidCursorError, type AttemptRecord, type DeliveryPage, type DeliveryRecord } from '../types.js';
import { storeKinds, useTestStore } from './harness.js';

const NOW = new Date('2026-03-03T15:01:10.000Z');
const at = (seconds: number): Date => new Date(NOW.getTime() + seconds * 1000);

/**
 * Eight deliveries, index i: hook `hook_${i % 2}`, event type alternating every two, event
 * `evt_${i % 3}`; even ones get a 500 then a 200 (succeeded), 1 and 5 a final 400 (failed).
 */
describe.each(storeKinds())('%s store: listDeliveries', (kind) => {
  const t = useTestStore(kind, 'all');
  const ids: string[] = [];
  const finalFailures: AttemptRecord[] = [];
  beforeAll(async () => {
    const { store } = t();
    for (let i = 0; i < 8; i += 1) {
      const delivery = newDelivery(`hook_${i % 2}`);
      ids.push(delivery.id);
      const type = i % 4 < 2 ? 'clarky.booking.confirmed' : 'clarityflow.message_created';
      await store.addDeliveries(`evt_${i % 3}`, type, [delivery], NOW);
    }
    // Interleave attempts across deliveries, so attempts of one delivery are not adjacent by seq.
    for (const i of [0, 2, 4, 6]) await store.recordAttempt(retryWrite(await get(i), at(i), at(60)), at(i));
    for (const i of [1, 5]) {
      const write = failWrite(await get(i), at(i));
      finalFailures.push(write.attempt);
      await store.recordAttempt(write, at(i));
    }
    for (const i of [0, 2, 4, 6]) await store.recordAttempt(successWrite(await get(i), at(60 + i)), at(60 + i));
  });

  async function get(index: number): Promise<DeliveryRecord> {
    const found = await t().store.getDelivery(ids[index] ?? '');
    if (!found) throw new Error(`no delivery ${index}`);
    return found;
  }

  const idsOf = (page: DeliveryPage): string[] => page.deliveries.map((d) => d.id);
  const newestFirst = (indexes: number[]): string[] => indexes.map((i) => ids[i] ?? '').reverse();

  it('lists newest first with no further page when all fit', async () => {
    const page = await t().store.listDeliveries({ limit: 50 });
    expect(idsOf(page)).toEqual(newestFirst([0, 1, 2, 3, 4, 5, 6, 7]));
    expect(page.nextCursor).toBeNull();
  });

  it.each([
    ['hook', { hookId: 'hook_1' }, [1, 3, 5, 7]],
    ['status', { status: 'succeeded' as const }, [0, 2, 4, 6]],
    ['event type', { eventType: 'clarityflow.message_created' }, [2, 3, 6, 7]],
    ['event', { eventId: 'evt_2' }, [2, 5]],
    ['hook and status', { hookId: 'hook_1', status: 'failed' as const }, [1, 5]],
    ['hook and status nobody has', { hookId: 'hook_0', status: 'cancelled' as const }, []],
  ])('filters by %s', async (_, filter, expected) => {
    expect(idsOf(await t().store.listDeliveries({ ...filter, limit: 50 }))).toEqual(newestFirst(expected));
  });

  it('gives each delivery its own attempts, oldest first', async () => {
    const page = await t().store.listDeliveries({ hookId: 'hook_0', limit: 50 });
    for (const delivery of page.deliveries) {
      expect(delivery.attempts_log.map((a) => [a.delivery_id, a.number, a.outcome, a.status_code])).toEqual([
        [delivery.id, 1, 'retry', 500],
        [delivery.id, 2, 'success', 200],
      ]);
    }
    const pending = await t().store.listDeliveries({ status: 'pending', limit: 50 });
    expect(pending.deliveries.map((d) => d.attempts_log)).toEqual([[], []]);
  });

  it('reads attempts back as they were written', async () => {
    const failed = await t().store.listDeliveries({ status: 'failed', limit: 50 });
    expect(failed.deliveries.flatMap((d) => d.attempts_log)).toEqual([...finalFailures].reverse());
  });

  it('pages through 8 deliveries in pages of 3, 3 and 2, keeping the filter', async () => {
    const { store } = t();
    const first = await store.listDeliveries({ limit: 3 });
    const second = await store.listDeliveries({ limit: 3, cursor: first.nextCursor ?? 'missing' });
    const third = await store.listDeliveries({ limit: 3, cursor: second.nextCursor ?? 'missing' });
    expect([idsOf(first), idsOf(second), idsOf(third)]).toEqual([
      newestFirst([5, 6, 7]),
      newestFirst([2, 3, 4]),
      newestFirst([0, 1]),
    ]);
    expect(third.nextCursor).toBeNull();
    const hookFirst = await store.listDeliveries({ hookId: 'hook_0', limit: 3 });
    const hookNext = await store.listDeliveries({ hookId: 'hook_0', limit: 3, cursor: hookFirst.nextCursor ?? 'x' });
    expect([idsOf(hookFirst), idsOf(hookNext), hookNext.nextCursor]).toEqual([newestFirst([2, 4, 6]), newestFirst([0]), null]);
  });

  it.each([
    ['not base64url', '!!!'],
    ['zero', encodeCursor(0)],
    ['a fraction', Buffer.from('5.5').toString('base64url')],
  ])('refuses a cursor that is %s', async (_, cursor) => {
    await expect(t().store.listDeliveries({ limit: 3, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it.each([0, 501, 2.5])('refuses limit %p', async (limit) => {
    await expect(t().store.listDeliveries({ limit })).rejects.toThrow(/`limit`.*1 to 500/);
  });
});
