import { newDelivery } from '../deliveryTesting.js';
import { makeInsert } from '../storeTesting.js';
import type { DeliveryRecord } from '../types.js';
import { storeKinds, useTestStore } from './harness.js';

const NOW = new Date('2026-03-03T15:01:10.000Z');
const HOUR_MS = 3_600_000;

describe.each(storeKinds())('%s store: appendEvent', (kind) => {
  const t = useTestStore(kind);

  it('stores 300 concurrent appends, all there after a reopen', async () => {
    const { store } = t();
    const inserts = Array.from({ length: 300 }, () => makeInsert());
    const outcomes = await Promise.all(inserts.map((insert) => store.appendEvent(insert, NOW)));
    expect(outcomes).toEqual(inserts.map((insert) => ({ duplicate: false, eventId: insert.envelope.id })));
    const reopened = await t().reopen();
    expect(await reopened.countEvents()).toBe(300);
    const listed = (await reopened.listEvents({ limit: 500 })).events.map((e) => e.envelope.id);
    expect(new Set(listed)).toEqual(new Set(inserts.map((insert) => insert.envelope.id)));
  });

  it('reads back the envelope and the raw body as a Buffer, byte for byte', async () => {
    const { store } = t();
    const insert = makeInsert({ body: Buffer.from([0, 1, 2, 255]) });
    insert.envelope.data = { z: 1, a: { y: 'nul\u0000inside', b: [3, 2, 1] }, m: null };
    await store.appendEvent(insert, NOW);
    const stored = await store.getEvent(insert.envelope.id);
    expect(stored?.envelope).toEqual(insert.envelope);
    expect(JSON.stringify(stored?.envelope)).toBe(JSON.stringify(insert.envelope));
    expect(stored?.raw.method).toBe('POST');
    expect(stored?.raw.contentType).toBe('application/json');
    expect(Buffer.isBuffer(stored?.raw.body)).toBe(true);
    expect(stored?.raw.body.equals(Buffer.from([0, 1, 2, 255]))).toBe(true);
    expect(await store.getEvent('evt_missing')).toBeNull();
  });

  it('answers a known key from the same source as a duplicate of the first event, writing nothing', async () => {
    const { store } = t();
    const first = makeInsert({ dedupeKeys: ['webhook-id:abc'] });
    await store.appendEvent(first, NOW);
    const again = await store.appendEvent(makeInsert({ dedupeKeys: ['webhook-id:abc'] }), NOW);
    expect(again).toEqual({ duplicate: true, eventId: first.envelope.id });
    expect(await store.countEvents()).toBe(1);
  });

  it('matches when any one of the keys is known', async () => {
    const { store } = t();
    const first = makeInsert({ dedupeKeys: ['clarityflow-id:1'] });
    await store.appendEvent(first, NOW);
    const again = makeInsert({ dedupeKeys: ['idempotency-key:x', 'clarityflow-id:1'] });
    expect(await store.appendEvent(again, NOW)).toEqual({ duplicate: true, eventId: first.envelope.id });
    // The duplicate claimed none of its keys: its other key is still free.
    const third = makeInsert({ dedupeKeys: ['idempotency-key:x'] });
    expect(await store.appendEvent(third, NOW)).toEqual({ duplicate: false, eventId: third.envelope.id });
  });

  it('remembers keys across a reopen', async () => {
    const first = makeInsert({ dedupeKeys: ['webhook-id:1'] });
    await t().store.appendEvent(first, NOW);
    const store = await t().reopen();
    expect(await store.appendEvent(makeInsert({ dedupeKeys: ['webhook-id:1'] }), NOW)).toEqual({ duplicate: true, eventId: first.envelope.id });
    expect((await store.getEvent(first.envelope.id))?.envelope).toEqual(first.envelope);
  });

  it('does not treat the same key from another source as a duplicate', async () => {
    const { store } = t();
    await store.appendEvent(makeInsert({ sourceId: 'src_a', dedupeKeys: ['webhook-id:abc'] }), NOW);
    const other = makeInsert({ sourceId: 'src_b', dedupeKeys: ['webhook-id:abc'] });
    expect(await store.appendEvent(other, NOW)).toEqual({ duplicate: false, eventId: other.envelope.id });
  });

  it('does not treat an expired key as a duplicate, and the new event takes the key over', async () => {
    const { store } = t();
    await store.appendEvent(makeInsert({ dedupeKeys: ['webhook-id:abc'] }), NOW);
    const later = new Date(NOW.getTime() + 72 * HOUR_MS);
    const second = makeInsert({ dedupeKeys: ['webhook-id:abc'] });
    expect(await store.appendEvent(second, later)).toEqual({ duplicate: false, eventId: second.envelope.id });
    const third = await store.appendEvent(makeInsert({ dedupeKeys: ['webhook-id:abc'] }), later);
    expect(third).toEqual({ duplicate: true, eventId: second.envelope.id });
  });

  it('treats the second of two concurrent same-key appends as a duplicate of the first', async () => {
    const { store } = t();
    const first = makeInsert({ dedupeKeys: ['webhook-id:same'] });
    const [a, b] = await Promise.all([
      store.appendEvent(first, NOW),
      store.appendEvent(makeInsert({ dedupeKeys: ['webhook-id:same'] }), NOW),
    ]);
    expect(a).toEqual({ duplicate: false, eventId: first.envelope.id });
    expect(b).toEqual({ duplicate: true, eventId: first.envelope.id });
    expect(await store.countEvents()).toBe(1);
  });

  it('stores one event per key among 100 concurrent appends sharing 10 keys, the others duplicates of it', async () => {
    const { store } = t();
    const inserts = Array.from({ length: 100 }, (_, i) => makeInsert({ dedupeKeys: [`clarityflow-id:${i % 10}`] }));
    const outcomes = await Promise.all(inserts.map((insert) => store.appendEvent(insert, NOW)));
    const stored = outcomes.filter((outcome) => !outcome.duplicate).map((outcome) => outcome.eventId);
    expect(stored).toEqual(inserts.slice(0, 10).map((insert) => insert.envelope.id));
    outcomes.forEach((outcome, i) => expect(outcome.eventId).toBe(inserts[i % 10]?.envelope.id));
    expect(await store.countEvents()).toBe(10);
  });

  it('rejects only the append that fails among concurrent ones; the others commit', async () => {
    const { store } = t();
    const ok1 = makeInsert({ dedupeKeys: ['webhook-id:1'] });
    const clash = makeInsert({ id: ok1.envelope.id, dedupeKeys: ['webhook-id:2'] });
    const ok2 = makeInsert({ dedupeKeys: ['webhook-id:3'] });
    const results = await Promise.allSettled([ok1, clash, ok2].map((insert) => store.appendEvent(insert, NOW)));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await store.countEvents()).toBe(2);
    // The failed append claimed no key.
    const retry = makeInsert({ dedupeKeys: ['webhook-id:2'] });
    expect(await store.appendEvent(retry, NOW)).toEqual({ duplicate: false, eventId: retry.envelope.id });
  });

  it('refuses appends once closed', async () => {
    const { store } = t();
    await store.close();
    await expect(store.appendEvent(makeInsert(), NOW)).rejects.toThrow(/closed/);
  });
});

describe.each(storeKinds())('%s store: appendEvent with deliveries', (kind) => {
  const t = useTestStore(kind);

  it('commits the event and its pending deliveries together, all there after a reopen', async () => {
    const insert = { ...makeInsert(), deliveries: [newDelivery('hook_a'), newDelivery('hook_b', 'replay')] };
    await t().store.appendEvent(insert, NOW);
    const store = await t().reopen();
    const page = await store.listDeliveries({ eventId: insert.envelope.id, limit: 10 });
    expect(page.deliveries.map(({ attempts_log, ...delivery }) => delivery)).toEqual(
      [...insert.deliveries].reverse().map(
        (d): DeliveryRecord => ({
          id: d.id,
          event_id: insert.envelope.id,
          event_type: 'clarky.booking.confirmed',
          hook_id: d.hook_id,
          trigger: d.trigger,
          status: 'pending',
          attempts: 0,
          cycle_attempts: 0,
          next_attempt_at: NOW.toISOString(),
          last_status_code: null,
          last_error: null,
          created_at: NOW.toISOString(),
          updated_at: NOW.toISOString(),
        }),
      ),
    );
    expect(page.deliveries.every((d) => d.attempts_log.length === 0)).toBe(true);
    expect(await store.deliveryCounts()).toEqual({ pending: 2, succeeded: 0, failed: 0, cancelled: 0 });
  });

  it('writes no deliveries for a duplicate event', async () => {
    const { store } = t();
    const first = { ...makeInsert({ dedupeKeys: ['webhook-id:1'] }), deliveries: [newDelivery('hook_a')] };
    const again = { ...makeInsert({ dedupeKeys: ['webhook-id:1'] }), deliveries: [newDelivery('hook_a')] };
    await store.appendEvent(first, NOW);
    expect(await store.appendEvent(again, NOW)).toEqual({ duplicate: true, eventId: first.envelope.id });
    expect(await store.getDelivery(again.deliveries[0]?.id ?? '')).toBeNull();
    expect(await store.deliveryCounts()).toEqual({ pending: 1, succeeded: 0, failed: 0, cancelled: 0 });
  });

  it('stores neither the event, its keys nor any delivery when one delivery cannot be written', async () => {
    const { store } = t();
    const taken = newDelivery('hook_a');
    await store.addDeliveries('evt_other', 'clarky.booking.confirmed', [taken], NOW);
    const insert = { ...makeInsert({ dedupeKeys: ['webhook-id:9'] }), deliveries: [newDelivery('hook_b'), taken] };
    await expect(store.appendEvent(insert, NOW)).rejects.toHaveProperty('message');
    expect(await store.getEvent(insert.envelope.id)).toBeNull();
    expect(await store.getDelivery(insert.deliveries[0]?.id ?? '')).toBeNull();
    const retry = makeInsert({ dedupeKeys: ['webhook-id:9'] });
    expect(await store.appendEvent(retry, NOW)).toEqual({ duplicate: false, eventId: retry.envelope.id });
  });
});
