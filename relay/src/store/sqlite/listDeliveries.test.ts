import { failWrite, newDelivery, openLogs, retryWrite, successWrite, type Logs } from '../deliveryTesting.js';
import {
  InvalidCursorError,
  RESPONSE_BODY_LIMIT,
  type AttemptRecord,
  type DeliveryPage,
  type DeliveryRecord,
} from '../types.js';
import { encodeCursor } from './rows.js';

const NOW = new Date('2026-03-03T15:01:10.000Z');
const at = (seconds: number): Date => new Date(NOW.getTime() + seconds * 1000);

/**
 * Eight deliveries, index i: hook `hook_${i % 2}`, event type alternating every two, event
 * `evt_${i % 3}`; even ones get a 500 then a 200 (succeeded), 1 and 5 a final 400 (failed).
 */
describe('SqliteDeliveryLog listDeliveries', () => {
  let logs: Logs;
  const ids: string[] = [];
  const finalFailures: AttemptRecord[] = [];
  beforeAll(async () => {
    logs = openLogs(':memory:');
    for (let i = 0; i < 8; i += 1) {
      const delivery = newDelivery(`hook_${i % 2}`);
      ids.push(delivery.id);
      const type = i % 4 < 2 ? 'clarky.booking.confirmed' : 'clarityflow.message_created';
      await logs.deliveries.addDeliveries(`evt_${i % 3}`, type, [delivery], NOW);
    }
    // Interleave attempts across deliveries, so attempts of one delivery are not adjacent by seq.
    for (const i of [0, 2, 4, 6]) await logs.deliveries.recordAttempt(retryWrite(await get(i), at(i), at(60)), at(i));
    for (const i of [1, 5]) {
      const write = failWrite(await get(i), at(i));
      finalFailures.push(write.attempt);
      await logs.deliveries.recordAttempt(write, at(i));
    }
    for (const i of [0, 2, 4, 6]) await logs.deliveries.recordAttempt(successWrite(await get(i), at(60 + i)), at(60 + i));
  });
  afterAll(() => logs.close());

  async function get(index: number): Promise<DeliveryRecord> {
    const found = await logs.deliveries.getDelivery(ids[index] ?? '');
    if (!found) throw new Error(`no delivery ${index}`);
    return found;
  }

  const idsOf = (page: DeliveryPage): string[] => page.deliveries.map((d) => d.id);
  const newestFirst = (indexes: number[]): string[] => indexes.map((i) => ids[i] ?? '').reverse();

  it('lists newest first with no further page when all fit', async () => {
    const page = await logs.deliveries.listDeliveries({ limit: 50 });
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
    expect(idsOf(await logs.deliveries.listDeliveries({ ...filter, limit: 50 }))).toEqual(newestFirst(expected));
  });

  it('gives each delivery its own attempts, oldest first', async () => {
    const page = await logs.deliveries.listDeliveries({ hookId: 'hook_0', limit: 50 });
    for (const delivery of page.deliveries) {
      expect(delivery.attempts_log.map((a) => [a.delivery_id, a.number, a.outcome, a.status_code])).toEqual([
        [delivery.id, 1, 'retry', 500],
        [delivery.id, 2, 'success', 200],
      ]);
    }
    const pending = await logs.deliveries.listDeliveries({ status: 'pending', limit: 50 });
    expect(pending.deliveries.map((d) => d.attempts_log)).toEqual([[], []]);
  });

  it('reads attempts back as they were written', async () => {
    const failed = await logs.deliveries.listDeliveries({ status: 'failed', limit: 50 });
    expect(failed.deliveries.flatMap((d) => d.attempts_log)).toEqual([...finalFailures].reverse());
  });

  it('pages through 8 deliveries in pages of 3, 3 and 2, keeping the filter', async () => {
    const first = await logs.deliveries.listDeliveries({ limit: 3 });
    const second = await logs.deliveries.listDeliveries({ limit: 3, cursor: first.nextCursor ?? 'missing' });
    const third = await logs.deliveries.listDeliveries({ limit: 3, cursor: second.nextCursor ?? 'missing' });
    expect([idsOf(first), idsOf(second), idsOf(third)]).toEqual([
      newestFirst([5, 6, 7]),
      newestFirst([2, 3, 4]),
      newestFirst([0, 1]),
    ]);
    expect(third.nextCursor).toBeNull();
    const hookFirst = await logs.deliveries.listDeliveries({ hookId: 'hook_0', limit: 3 });
    const hookNext = await logs.deliveries.listDeliveries({ hookId: 'hook_0', limit: 3, cursor: hookFirst.nextCursor ?? 'x' });
    expect([idsOf(hookFirst), idsOf(hookNext), hookNext.nextCursor]).toEqual([newestFirst([2, 4, 6]), newestFirst([0]), null]);
  });

  it.each([
    ['not base64url', '!!!'],
    ['zero', encodeCursor(0)],
    ['a fraction', Buffer.from('5.5').toString('base64url')],
  ])('refuses a cursor that is %s', async (_, cursor) => {
    await expect(logs.deliveries.listDeliveries({ limit: 3, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it.each([0, 501, 2.5])('refuses limit %p', async (limit) => {
    await expect(logs.deliveries.listDeliveries({ limit })).rejects.toThrow(/`limit`.*1 to 500/);
  });
});

describe('attempt response bodies', () => {
  it(`keeps the first ${RESPONSE_BODY_LIMIT} characters`, async () => {
    const logs = openLogs(':memory:');
    const delivery = newDelivery('hook_a');
    await logs.deliveries.addDeliveries('evt_1', 'clarky.booking.confirmed', [delivery], NOW);
    const stored = await logs.deliveries.getDelivery(delivery.id);
    if (!stored) throw new Error('not stored');
    const write = successWrite(stored, NOW);
    await logs.deliveries.recordAttempt({ ...write, attempt: { ...write.attempt, response_body: 'x'.repeat(9000) } }, NOW);
    const page = await logs.deliveries.listDeliveries({ limit: 1 });
    expect(page.deliveries[0]?.attempts_log[0]?.response_body).toHaveLength(RESPONSE_BODY_LIMIT);
    logs.close();
  });
});
