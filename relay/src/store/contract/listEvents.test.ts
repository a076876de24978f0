import { encodeCursor } from '../sqlite/rows.js';
import { makeInsert } from '../storeTesting.js';
import { InvalidCursorError, type EventPage } from '../types.js';
import { storeKinds, useTestStore } from './harness.js';

const NOW = new Date('2026-03-03T15:01:10.000Z');

describe.each(storeKinds())('%s store: listEvents', (kind) => {
  const t = useTestStore(kind, 'all');
  const ids: string[] = [];
  beforeAll(async () => {
    const shapes = [
      { sourceId: 'src_a', vendor: 'clarky', vendorEvent: 'booking.confirmed' },
      { sourceId: 'src_a', vendor: 'clarky', vendorEvent: 'contact.created' },
      { sourceId: 'src_b', vendor: 'clarityflow', vendorEvent: 'message_created' },
      { sourceId: 'src_b', vendor: 'clarky', vendorEvent: 'booking.confirmed' },
    ] as const;
    for (let i = 0; i < 8; i += 1) {
      const insert = makeInsert(shapes[i % shapes.length]);
      ids.push(insert.envelope.id);
      await t().store.appendEvent(insert, NOW);
    }
  });

  const idsOf = (page: EventPage): string[] => page.events.map((e) => e.envelope.id);
  const newestFirst = (indexes: number[]): string[] => indexes.map((i) => ids[i] ?? '').reverse();

  it('lists newest first with no further page when all fit', async () => {
    const page = await t().store.listEvents({ limit: 50 });
    expect(idsOf(page)).toEqual(newestFirst([0, 1, 2, 3, 4, 5, 6, 7]));
    expect(page.nextCursor).toBeNull();
  });

  it.each([
    ['type', { type: 'clarky.booking.confirmed' }, [0, 3, 4, 7]],
    ['vendor', { vendor: 'clarityflow' as const }, [2, 6]],
    ['source', { sourceId: 'src_a' }, [0, 1, 4, 5]],
    ['type and source', { type: 'clarky.booking.confirmed', sourceId: 'src_b' }, [3, 7]],
    ['a type nobody sent', { type: 'clarky.nothing' }, []],
  ])('filters by %s', async (_, filter, expected) => {
    expect(idsOf(await t().store.listEvents({ ...filter, limit: 50 }))).toEqual(newestFirst(expected));
  });

  it('pages through 8 events in pages of 3, 3 and 2', async () => {
    const { store } = t();
    const first = await store.listEvents({ limit: 3 });
    const second = await store.listEvents({ limit: 3, cursor: first.nextCursor ?? 'missing' });
    const third = await store.listEvents({ limit: 3, cursor: second.nextCursor ?? 'missing' });
    expect([idsOf(first), idsOf(second), idsOf(third)]).toEqual([
      newestFirst([5, 6, 7]),
      newestFirst([2, 3, 4]),
      newestFirst([0, 1]),
    ]);
    expect(third.nextCursor).toBeNull();
  });

  it('keeps the filter while paging', async () => {
    const { store } = t();
    const first = await store.listEvents({ sourceId: 'src_a', limit: 3 });
    const second = await store.listEvents({ sourceId: 'src_a', limit: 3, cursor: first.nextCursor ?? 'missing' });
    expect(idsOf(first)).toEqual(newestFirst([1, 4, 5]));
    expect(idsOf(second)).toEqual(newestFirst([0]));
    expect(second.nextCursor).toBeNull();
  });

  it('gives no next cursor when exactly the limit remains', async () => {
    expect((await t().store.listEvents({ limit: 8 })).nextCursor).toBeNull();
  });

  it.each([
    ['not base64url', '!!!'],
    ['empty', ''],
    ['not a number', Buffer.from('abc').toString('base64url')],
    ['zero', encodeCursor(0)],
    ['negative', Buffer.from('-5').toString('base64url')],
    ['a leading zero', Buffer.from('05').toString('base64url')],
    ['a fraction', Buffer.from('5.5').toString('base64url')],
  ])('refuses a cursor that is %s', async (_, cursor) => {
    await expect(t().store.listEvents({ limit: 3, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it.each([0, 501, 2.5])('refuses limit %p', async (limit) => {
    await expect(t().store.listEvents({ limit })).rejects.toThrow(/`limit`.*1 to 500/);
  });
});
