import { describePostgres } from '../contract/harness.js';
import { makeHook, newDelivery, retryWrite, successWrite } from '../deliveryTesting.js';
import { openEmbeddedStore } from '../embedded.js';
import { DEFAULT_STORE_LIMITS } from '../limits.js';
import { openPostgresStore, type PostgresStore } from '../postgres/postgres.js';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from '../postgres/testDatabase.js';
import { makeInsert, makeTempDir } from '../storeTesting.js';
import type { SourceRecord, Store } from '../types.js';
import { moveToPostgres } from './moveToPostgres.js';

const NOW = new Date('2026-03-03T16:00:00.000Z');
const LATER = new Date('2026-03-03T17:00:00.000Z');

const source: SourceRecord = {
  id: 'src_a',
  vendor: 'clarky',
  name: 'Front desk',
  description: 'with a \u0000 in it',
  active: true,
  token_hash: 'a'.repeat(64),
  token_hint: 'abcd',
  previous_token_hash: 'b'.repeat(64),
  previous_token_expires_at: '2026-03-04T00:00:00.000Z',
  created_at: '2026-03-01T00:00:00.000Z',
  updated_at: '2026-03-02T00:00:00.000Z',
};

/** Everything a relay reads back, to compare the two stores. */
async function readBack(store: Store, ids: { pending: string; done: string }): Promise<unknown> {
  return {
    sources: (await store.listSources()).map((s) => ({ ...s, description: s.description?.replace('\uFFFD', '\u0000') })),
    keys: await store.listApiKeys(),
    hooks: JSON.stringify(await store.listHooks()),
    pending: await store.getDelivery(ids.pending),
    done: await store.getDelivery(ids.done),
    log: (await store.listDeliveries({ hookId: 'hk_a', limit: 10 })).deliveries,
    counts: await store.deliveryCounts(),
    health: await store.hookHealth(),
    rejections: await store.listRejections('src_a', 10),
  };
}

describePostgres('moveToPostgres', () => {
  let database: TestDatabase;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let target: PostgresStore | null = null;

  beforeEach(async () => {
    temp = await makeTempDir();
    database = await createTestDatabase(testDatabaseUrl(), { prefix: 'sb_move' });
  });
  afterEach(async () => {
    await target?.close();
    target = null;
    await database.drop();
    await temp.cleanup();
  });

  test('--events keeps the newest events plus those a pending delivery needs, in order, with deliveries, attempts, health and dedupe keys', async () => {
    const embedded = await openEmbeddedStore({ dataDir: temp.dir, limits: DEFAULT_STORE_LIMITS });
    await embedded.createSource(source);
    await embedded.addApiKey({ id: 'key_a', hash: 'c'.repeat(64), hint: 'wxyz', label: 'generated at first start', created_at: source.created_at });
    await embedded.createHook(makeHook('hk_a', { filter: { z: 1, a: { $exists: true } }, retry_schedule: [5, 60] }));
    const [pendingDelivery, doneDelivery] = [newDelivery('hk_a'), newDelivery('hk_a')];
    const inserts = [
      { ...makeInsert(), deliveries: [pendingDelivery] },
      makeInsert(),
      makeInsert(),
      makeInsert({ dedupeKeys: ['webhook-id:x'] }),
      { ...makeInsert(), deliveries: [doneDelivery] },
    ];
    for (const insert of inserts) await embedded.appendEvent(insert, NOW);
    const pending = (await embedded.getDelivery(pendingDelivery.id))!;
    await embedded.recordAttempt(retryWrite(pending, NOW, LATER), NOW);
    await embedded.recordAttempt(successWrite((await embedded.getDelivery(doneDelivery.id))!, NOW), NOW);
    await embedded.addRejection({
      id: 'rej_a', source_id: 'src_a', received_at: NOW.toISOString(), method: 'POST', status: 401, code: 'invalid_token',
      reason: 'Wrong token', content_type: 'application/json', body_excerpt: '{}', body_bytes: 2, headers: { 'user-agent': 'curl' },
    });
    const ids = { pending: pendingDelivery.id, done: doneDelivery.id };
    const expected = await readBack(embedded, ids);
    await embedded.close();

    const lines: string[] = [];
    const summary = await moveToPostgres({ dataDir: temp.dir, databaseUrl: database.url, events: 2, pageSize: 2, now: NOW, progress: (line) => lines.push(line) });

    expect(summary['events']).toEqual({ read: 3, inserted: 3 });
    expect(lines).toContain('events: 3 copied');
    target = await openPostgresStore({ databaseUrl: database.url, limits: DEFAULT_STORE_LIMITS, migrate: false, poolSize: 2 });
    expect(await readBack(target, ids)).toEqual(expected);
    const ids5 = inserts.map((insert) => insert.envelope.id);
    expect((await target.listEvents({ limit: 10 })).events.map((e) => e.envelope.id)).toEqual([ids5[4], ids5[3], ids5[0]]);
    expect(await target.getEvent(ids5[4]!)).toEqual({ envelope: inserts[4]!.envelope, raw: inserts[4]!.raw });
    expect((await target.dueDeliveries('hk_a', LATER, 10, [])).map((d) => d.id)).toEqual([pendingDelivery.id]);
    const again = makeInsert({ dedupeKeys: ['webhook-id:x'] });
    expect(await target.appendEvent(again, NOW)).toEqual({ duplicate: true, eventId: ids5[3] });
  });

  test('refuses a database that already holds sources, and names --force', async () => {
    const embedded = await openEmbeddedStore({ dataDir: temp.dir, limits: DEFAULT_STORE_LIMITS });
    await embedded.createSource(source);
    await embedded.close();
    await moveToPostgres({ dataDir: temp.dir, databaseUrl: database.url });
    await expect(moveToPostgres({ dataDir: temp.dir, databaseUrl: database.url })).rejects.toThrow(/already holds 1 sources.*--force/);
    expect(await moveToPostgres({ dataDir: temp.dir, databaseUrl: database.url, force: true })).toMatchObject({ sources: { read: 1, inserted: 0 } });
  });

  test('a folder without an embedded installation is refused, naming the file', async () => {
    await expect(moveToPostgres({ dataDir: temp.dir, databaseUrl: database.url })).rejects.toThrow(/expected an embedded installation with .*config\.json/);
  });
});
