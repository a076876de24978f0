import pg from 'pg';
import { describePostgres } from '../contract/harness.js';
import { newDelivery, successWrite } from '../deliveryTesting.js';
import { DEFAULT_STORE_LIMITS } from '../limits.js';
import { makeInsert } from '../storeTesting.js';
import type { AppendOutcome, DeliveryRecord } from '../types.js';
import { openPostgresStore, type PostgresStore } from './postgres.js';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from './testDatabase.js';

const NOW = new Date('2026-03-03T15:01:10.000Z');

/** Runs `sql` on its own connection (another "process"), answering the rows. */
async function onOwnConnection<Row extends pg.QueryResultRow>(url: string, sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql)).rows;
  } finally {
    await client.end();
  }
}

describePostgres('PostgreSQL store', () => {
  let database: TestDatabase;
  let ready = false;
  const stores: PostgresStore[] = [];
  const open = async (): Promise<PostgresStore> => {
    const store = await openPostgresStore({ databaseUrl: database.url, limits: DEFAULT_STORE_LIMITS, poolSize: 4 });
    stores.push(store);
    return store;
  };
  beforeEach(async () => {
    database = await createTestDatabase(testDatabaseUrl());
    ready = true;
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    if (ready) await database.drop();
    ready = false;
  });

  it('stores 300 concurrent appends in a few set-based transactions', async () => {
    const store = await open();
    await Promise.all(Array.from({ length: 300 }, () => store.appendEvent({ ...makeInsert(), deliveries: [newDelivery('hook_a')] }, NOW)));
    expect(store.stats()).toMatchObject({ jobs: 300 });
    expect(store.stats().transactions).toBeLessThan(10);
    expect(await store.countEvents()).toBe(300);
    expect((await store.deliveryCounts()).pending).toBe(300);
  });

  it('resolves an append only once the event and its deliveries are visible to another connection', async () => {
    const store = await open();
    const insert = { ...makeInsert(), deliveries: [newDelivery('hook_a')] };
    await store.appendEvent(insert, NOW);
    expect(await onOwnConnection(database.url, 'SELECT id FROM events')).toEqual([{ id: insert.envelope.id }]);
    expect(await onOwnConnection(database.url, 'SELECT id, status FROM deliveries')).toEqual([
      { id: insert.deliveries[0]?.id, status: 'pending' },
    ]);
  });

  it('rejects every append of a batch whose COMMIT fails, and writes none of them', async () => {
    const store = await open();
    // A deferred constraint trigger runs at COMMIT: any event insert makes the commit itself fail.
    await onOwnConnection(
      database.url,
      `CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'poisoned commit'; END $$;
       CREATE CONSTRAINT TRIGGER poison AFTER INSERT ON events DEFERRABLE INITIALLY DEFERRED
         FOR EACH ROW EXECUTE FUNCTION poison();`,
    );
    const inserts = [makeInsert(), makeInsert({ dedupeKeys: ['webhook-id:k'] }), makeInsert()];
    const results = await Promise.allSettled(inserts.map((insert) => store.appendEvent(insert, NOW)));
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/poisoned commit/);
    expect(await store.countEvents()).toBe(0);
    await onOwnConnection(database.url, 'DROP TRIGGER poison ON events');
    const retry = makeInsert({ dedupeKeys: ['webhook-id:k'] });
    expect(await store.appendEvent(retry, NOW)).toEqual({ duplicate: false, eventId: retry.envelope.id });
  });

  it('two relays receiving the same vendor event ids at once store each one once, the other a duplicate of it', async () => {
    const [a, b] = [await open(), await open()];
    const keys = Array.from({ length: 60 }, (_, i) => `clarityflow-id:${i}`);
    // Opposite key orders: a batch of one relay must never wait on the other's in a cycle.
    const fromA = keys.map((key) => a.appendEvent(makeInsert({ dedupeKeys: [key] }), NOW));
    const fromB = [...keys].reverse().map((key) => b.appendEvent(makeInsert({ dedupeKeys: [key] }), NOW));
    const outcomesA = await Promise.all(fromA);
    const outcomesB = (await Promise.all(fromB)).reverse();
    keys.forEach((_, i) => {
      const pair = [outcomesA[i], outcomesB[i]] as AppendOutcome[];
      expect(pair.filter((outcome) => outcome.duplicate)).toHaveLength(1);
      expect(pair[0]?.eventId).toBe(pair[1]?.eventId);
    });
    expect(await a.countEvents()).toBe(60);
  });

  it('claims an event with several keys whole or not at all when another relay holds one of them', async () => {
    const [a, b] = [await open(), await open()];
    const first = makeInsert({ dedupeKeys: ['webhook-id:2'] });
    await b.appendEvent(first, NOW);
    const both = makeInsert({ dedupeKeys: ['webhook-id:1', 'webhook-id:2'] });
    expect(await a.appendEvent(both, NOW)).toEqual({ duplicate: true, eventId: first.envelope.id });
    const one = makeInsert({ dedupeKeys: ['webhook-id:1'] });
    expect(await b.appendEvent(one, NOW)).toEqual({ duplicate: false, eventId: one.envelope.id });
  });

  it('keeps delivery counts exact when several relays write at once', async () => {
    const [a, b] = [await open(), await open()];
    const add = (store: PostgresStore): Promise<AppendOutcome>[] =>
      Array.from({ length: 50 }, () => store.appendEvent({ ...makeInsert(), deliveries: [newDelivery('hook_a')] }, NOW));
    await Promise.all([...add(a), ...add(b)]);
    const due = await a.dueDeliveries('hook_a', NOW, 500, []);
    await Promise.all(due.slice(0, 30).map((delivery: DeliveryRecord, i) => (i % 2 ? a : b).recordAttempt(successWrite(delivery, NOW), NOW)));
    expect(await b.deliveryCounts()).toEqual({ pending: 70, succeeded: 30, failed: 0, cancelled: 0 });
    const shards = await onOwnConnection<{ n: number }>(database.url, 'SELECT count(*)::int AS n FROM delivery_counts');
    expect(shards[0]?.n).toBeGreaterThan(1);
  });

  it('two relays recording attempts of the same subscriptions in opposite orders never deadlock (rows locked in one order)', async () => {
    const [a, b] = [await open(), await open()];
    const hooks = ['hook_p', 'hook_q', 'hook_r', 'hook_s'];
    await Promise.all(Array.from({ length: 40 }, () => a.appendEvent({ ...makeInsert(), deliveries: hooks.map((hook) => newDelivery(hook)) }, NOW)));
    const due = await Promise.all(hooks.map((hook) => a.dueDeliveries(hook, NOW, 500, [])));
    const deadlocks = async (): Promise<number> =>
      (await onOwnConnection<{ n: number }>(database.url, 'SELECT deadlocks::int AS n FROM pg_stat_database WHERE datname = current_database()'))[0]?.n ?? 0;
    const before = await deadlocks();
    for (let round = 0; round < 10; round++) {
      // Each relay's batch holds one delivery of every subscription: relay a in p..s order, b in s..p.
      const pick = (order: DeliveryRecord[][]): DeliveryRecord[] => order.map((list) => list[round * 2 + (order === due ? 0 : 1)]!).filter(Boolean);
      const forA = pick(due);
      const forB = pick([...due].reverse());
      await Promise.all([...forA.map((d) => a.recordAttempt(successWrite(d, NOW), NOW)), ...forB.map((d) => b.recordAttempt(successWrite(d, NOW), NOW))]);
    }
    expect(await b.deliveryCounts()).toMatchObject({ succeeded: 80 });
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // statistics reach pg_stat_database within a second
    expect(await deadlocks()).toBe(before);
  });

  it('lets two relays prune at once, deleting each row once', async () => {
    const [a, b] = [await open(), await open()];
    const old = new Date(NOW.getTime() - 40 * 86_400_000);
    for (let i = 0; i < 30; i += 1) await a.appendEvent(makeInsert({ receivedAt: old }), old);
    const [fromA, fromB] = await Promise.all([a.prune(NOW), b.prune(NOW)]);
    const again = await a.prune(NOW);
    expect(fromA.events + fromB.events + again.events).toBe(30);
    expect(await a.countEvents()).toBe(0);
  });

  it('refuses to open, saying why, when PostgreSQL cannot be reached', async () => {
    const url = new URL(database.url);
    url.port = '1';
    await expect(openPostgresStore({ databaseUrl: url.toString(), limits: DEFAULT_STORE_LIMITS })).rejects.toThrow(/PostgreSQL/);
  });
});
