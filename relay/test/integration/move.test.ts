/**
 * Moving up: an embedded installation copied by the built `move-to-postgres` command keeps
 * working on the PostgreSQL store: the old ingest URL, the old API key, the old subscription and
 * its signing secret, the moved events and their dedupe keys.
 */
import { rm } from 'node:fs/promises';
import { Webhook } from 'standardwebhooks';
import { describePostgres } from '../../src/store/contract/harness.js';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from '../../src/store/postgres/testDatabase.js';
import { fixtureBytes } from '../support/manifest.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { runRelayOnce, startTestRelay, tempDir, type TestRelay } from '../support/relay.js';
import { redisPrefixOf } from '../support/testStore.js';

const json = { 'content-type': 'application/json' };
const CLARITYFLOW_A = 'bad/clarityflow_duplicate_delivery_a.json';
const CLARITYFLOW_B = 'bad/clarityflow_duplicate_delivery_b.json';

interface Source { id: string; ingest_url: string }
interface Hook { id: string; secret: string }

/** The same path (source id and token) on another relay. */
const onRelay = (ingestUrl: string, relay: TestRelay): string => `${relay.url}${new URL(ingestUrl).pathname}`;

async function post(url: string, file: string): Promise<{ status: number; body: { event_id: string; duplicate: boolean } }> {
  const res = await fetch(url, { method: 'POST', headers: json, body: fixtureBytes(file) });
  return { status: res.status, body: (await res.json()) as { event_id: string; duplicate: boolean } };
}

function headersOf(r: { headers: Record<string, unknown> }): Record<string, string> {
  return Object.fromEntries(Object.entries(r.headers).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

describePostgres('move-to-postgres', () => {
  let rx: Receiver;
  let dataDir: string;
  let database: TestDatabase;
  let relay: TestRelay | null = null;
  const embedded = { SWITCHBOARD_STORE: 'lowdb', SWITCHBOARD_REDIS_URL: '', SWITCHBOARD_API_KEYS: '' };

  beforeAll(async () => {
    rx = await startReceiver();
    dataDir = await tempDir('switchboard-move-');
    database = await createTestDatabase(testDatabaseUrl(), { prefix: 'sb_move', migrated: false });
  });
  afterAll(async () => {
    await relay?.stop();
    await rx.close();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('after the move the old ingest URL, API key, subscription secret, events and dedupe keys all work', async () => {
    relay = await startTestRelay(embedded, dataDir);
    const key = relay.generatedKey!;
    expect(key).toMatch(/^sb_/);
    const clarky: Source = (await relay.api('POST', '/sources', { vendor: 'clarky', name: 'Front desk' }, key)).body;
    const clarityflow: Source = (await relay.api('POST', '/sources', { vendor: 'clarityflow', name: 'Coaching' }, key)).body;
    const hookRes = await relay.api('POST', '/hooks', { target_url: `${rx.url}/moved`, event_types: ['clarky.*'], source_id: clarky.id }, key);
    expect(hookRes.status).toBe(201);
    const hook: Hook = hookRes.body;
    const before = await post(clarky.ingest_url, 'clarky/booking_confirmed.json');
    expect(before.status).toBe(202);
    await rx.waitFor('/moved', 1);
    const seen = await post(clarityflow.ingest_url, CLARITYFLOW_A);
    expect(seen.status).toBe(202);
    await relay.stop();
    relay = null;

    const move = await runRelayOnce({ SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_DATABASE_URL: database.url }, ['move-to-postgres']);
    expect(move).toMatchObject({ code: 0, stderr: '' });
    expect(move.stdout).toMatch(/Moved 2 sources, 1 api_keys, 1 hooks, 2 events/);

    relay = await startTestRelay(
      { ...embedded, SWITCHBOARD_STORE: 'postgres', SWITCHBOARD_DATABASE_URL: database.url, ...movedRedisEnv(database.url) },
      dataDir,
    );
    expect(relay.generatedKey).toBeNull();
    expect((await relay.api('GET', `/events/${before.body.event_id}`, undefined, key)).status).toBe(200);

    const after = await post(onRelay(clarky.ingest_url, relay), 'clarky/booking_confirmed.json');
    expect(after.status).toBe(202);
    const [, got] = await rx.waitFor('/moved', 2);
    const headers = headersOf(got!);
    expect(headers['webhook-id']).toBe(after.body.event_id);
    expect(new Webhook(hook.secret).verify(got!.body, headers)).toEqual((await relay.api('GET', `/events/${after.body.event_id}`, undefined, key)).body);

    const again = await post(onRelay(clarityflow.ingest_url, relay), CLARITYFLOW_B);
    expect(again).toEqual({ status: 200, body: { event_id: seen.body.event_id, duplicate: true } });
  });

  test('a second move into the same database is refused without --force, and merges nothing new with it', async () => {
    await relay?.stop();
    relay = null;
    const refused = await runRelayOnce({ SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_DATABASE_URL: database.url }, ['move-to-postgres']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already holds 2 sources, 1 hooks, \d+ events.*--force/);
    const forced = await runRelayOnce({ SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_DATABASE_URL: database.url }, ['move-to-postgres', '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/sources: 0 copied \(2 already there\)/);
  });

  test('a bad option is a usage error naming it', async () => {
    const res = await runRelayOnce({}, ['move-to-postgres', '--events=many']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/Expected `--events` to be an integer >= 0, got "many"/);
  });
});

/** After the move the relay runs as documented: BullMQ on Redis when the tests have one, else in-process on PostgreSQL. */
function movedRedisEnv(databaseUrl: string): Record<string, string> {
  const url = process.env['SWITCHBOARD_TEST_REDIS_URL']?.trim();
  return url ? { SWITCHBOARD_REDIS_URL: url, SWITCHBOARD_REDIS_PREFIX: redisPrefixOf(databaseUrl) } : {};
}
