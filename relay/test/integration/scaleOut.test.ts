/**
 * Issue #8, "done when": two API processes and two workers (`node relay/dist/main.js` with
 * SWITCHBOARD_ROLE=api|worker) on one PostgreSQL database and one Redis. Subscriptions changed
 * through one process apply in the others; 5,000 events sent across both API processes all reach
 * their subscriber although a worker is SIGKILLed mid-flight and restarted, and every repeat
 * carries its event's webhook-id.
 *
 * Needs SWITCHBOARD_TEST_DATABASE_URL and SWITCHBOARD_TEST_REDIS_URL (`scripts/services.sh`).
 * Without them it is skipped with a notice, unless SWITCHBOARD_TEST_STORES names postgres (CI):
 * then it fails, saying how to start them.
 */
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../src/store/postgres/testDatabase.js';
import { fixtureBytes } from '../support/manifest.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { apiCall, freePort, runRelayOnce, spawnRelay, type ChildRelay } from '../support/relay.js';
import { scaleOutServices } from '../support/scaleOutServices.js';

const KEY = 'scale_out_key_0123456789abcdef';
const EVENTS = 5_000;
const services = scaleOutServices('scale-out test');
const { databaseUrl } = services;
const describeScaleOut = services.describe;

describe('roles without Redis', () => {
  it.each(['api', 'worker'])('SWITCHBOARD_ROLE=%s is refused without SWITCHBOARD_REDIS_URL, naming the fix', async (role) => {
    const result = await runRelayOnce({ SWITCHBOARD_ROLE: role, SWITCHBOARD_STORE: 'postgres', SWITCHBOARD_DATABASE_URL: 'postgres://127.0.0.1:1/none', SWITCHBOARD_API_KEYS: KEY }, []);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`SWITCHBOARD_ROLE: "${role}" needs SWITCHBOARD_STORE=postgres with SWITCHBOARD_REDIS_URL`);
  });

  it('Redis with the embedded store is refused, naming the fix', async () => {
    const result = await runRelayOnce({ SWITCHBOARD_REDIS_URL: 'redis://127.0.0.1:1', SWITCHBOARD_API_KEYS: KEY }, []);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/SWITCHBOARD_REDIS_URL: .*set SWITCHBOARD_STORE=postgres/);
  });
});

describeScaleOut('two API processes and two workers on one PostgreSQL and one Redis', () => {
  let database: TestDatabase;
  let rx: Receiver;
  const children: ChildRelay[] = [];
  let api: ChildRelay[] = [];
  let workers: ChildRelay[] = [];
  let workerEnvs: Record<string, string>[] = [];
  let ingestPath = '';

  const base = (): Record<string, string> => ({
    ...services.relayEnv(database, KEY),
    SWITCHBOARD_DELIVERY_TIMEOUT_MS: '5000',
  });
  const start = async (env: Record<string, string>): Promise<ChildRelay> => {
    const child = await spawnRelay(env);
    children.push(child);
    return child;
  };

  beforeAll(async () => {
    services.check();
    database = await createTestDatabase(databaseUrl, { prefix: 'sb_scale', migrated: false });
    rx = await startReceiver();
    // The first process migrates the schema; the others start together.
    api = [await start({ ...base(), SWITCHBOARD_ROLE: 'api', SWITCHBOARD_PORT: String(await freePort()) })];
    workerEnvs = [
      { ...base(), SWITCHBOARD_ROLE: 'worker', SWITCHBOARD_PORT: String(await freePort()) },
      { ...base(), SWITCHBOARD_ROLE: 'worker', SWITCHBOARD_PORT: String(await freePort()) },
    ];
    const [second, ...rest] = await Promise.all([start({ ...base(), SWITCHBOARD_ROLE: 'api', SWITCHBOARD_PORT: String(await freePort()) }), ...workerEnvs.map(start)]);
    api.push(second!);
    workers = rest;
    const source = (await apiCall(api[0]!.url, 'POST', '/sources', { vendor: 'clarky', name: 'scale-out' }, KEY)).body as { ingest_url: string };
    ingestPath = new URL(source.ingest_url).pathname;
  }, 60_000);

  afterAll(async () => {
    for (const child of children) if (child.child.exitCode === null) child.child.kill('SIGTERM');
    await Promise.all(children.map((c) => c.exited));
    await rx?.close();
    await database?.drop();
  }, 30_000);

  const ingest = async (via: ChildRelay, body: Buffer): Promise<{ status: number; event_id: string }> => {
    const res = await fetch(`${via.url}${ingestPath}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: res.status, ...((await res.json()) as { event_id: string }) };
  };
  const eventually = async (check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('a worker serves health, readiness and metrics only', async () => {
    const worker = workers[0]!;
    expect((await fetch(`${worker.url}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${worker.url}/readyz`)).json()).toMatchObject({ status: 'ready', role: 'worker', database: 'ok', redis: 'ok' });
    const metrics = await fetch(`${worker.url}/metrics`);
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toContain('switchboard_delivery_attempts_total');
    expect(text).toMatch(/switchboard_queue_jobs\{state="waiting"\} \d+/);
    expect((await fetch(`${worker.url}/api/v1/me`, { headers: { authorization: `Bearer ${KEY}` } })).status).toBe(404);
  });

  it('a subscription created, changed and deleted through one API process applies in the other and in the workers', async () => {
    const body = fixtureBytes('clarky/message_sent.json');
    const created = await apiCall(api[0]!.url, 'POST', '/hooks', { target_url: `${rx.url}/first`, event_types: ['clarky.*'] }, KEY);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await eventually(async () => (await apiCall(api[1]!.url, 'GET', `/hooks/${id}`, undefined, KEY)).status === 200, 'the hook in the second API process');
    const one = await ingest(api[1]!, body);
    expect(one.status).toBe(202);
    const [got] = await rx.waitFor('/first', 1);
    expect(got!.headers['webhook-id']).toBe(one.event_id);

    expect((await apiCall(api[1]!.url, 'PATCH', `/hooks/${id}`, { target_url: `${rx.url}/moved` }, KEY)).status).toBe(200);
    await eventually(async () => (await apiCall(api[0]!.url, 'GET', `/hooks/${id}`, undefined, KEY)).body.target_url === `${rx.url}/moved`, 'the change in the first API process');
    const two = await ingest(api[0]!, body);
    const [moved] = await rx.waitFor('/moved', 1);
    expect(moved!.headers['webhook-id']).toBe(two.event_id);

    expect((await apiCall(api[0]!.url, 'DELETE', `/hooks/${id}`, undefined, KEY)).status).toBe(204);
    await eventually(async () => (await apiCall(api[1]!.url, 'GET', `/hooks/${id}`, undefined, KEY)).status === 404, 'the deletion in the second API process');
    const three = await ingest(api[1]!, body);
    expect(three.status).toBe(202);
    expect((await apiCall(api[1]!.url, 'GET', `/deliveries?event_id=${three.event_id}`, undefined, KEY)).body.data).toEqual([]);
  }, 60_000);

  it(`${EVENTS} events across both API processes, a worker SIGKILLed mid-flight and restarted: every event delivered, repeats with the same webhook-id`, async () => {
    const hook = await apiCall(api[0]!.url, 'POST', '/hooks', { target_url: `${rx.url}/all`, event_types: ['clarky.*'] }, KEY);
    expect(hook.status).toBe(201);
    await eventually(async () => (await apiCall(api[1]!.url, 'GET', `/hooks/${hook.body.id}`, undefined, KEY)).status === 200, 'the hook in the second API process');
    // A little latency at the subscriber keeps attempts in flight when the worker dies.
    rx.on('/all', (_req, res) => setTimeout(() => res.end('ok'), 20));
    const body = fixtureBytes('clarky/message_sent.json');
    const ids: string[] = [];
    let killed = false;
    let next = 0;
    const sender = async (): Promise<void> => {
      while (next < EVENTS) {
        const n = next++;
        const res = await ingest(api[n % 2]!, body);
        expect(res.status).toBe(202);
        ids.push(res.event_id);
      }
    };
    const killer = (async () => {
      await rx.waitFor('/all', EVENTS / 5, 120_000);
      workers[0]!.child.kill('SIGKILL');
      await workers[0]!.exited;
      killed = true;
      workers[0] = await start(workerEnvs[0]!);
    })();
    await Promise.all(Array.from({ length: 16 }, sender));
    await killer;
    expect(killed).toBe(true);
    expect(ids).toHaveLength(EVENTS);

    const delivered = (): Set<string> => new Set(rx.at('/all').map((r) => String(r.headers['webhook-id'])));
    await eventually(async () => delivered().size >= EVENTS, `${EVENTS} distinct deliveries (have ${delivered().size})`, 120_000);
    expect(delivered()).toEqual(new Set(ids));
    // Every receipt, repeats included, carries its own event's id as webhook-id.
    for (const received of rx.at('/all')) expect(String(received.headers['webhook-id'])).toBe((JSON.parse(received.body) as { id: string }).id);
    // The attempts the killed worker had answered but not recorded are redone once their jobs' locks expire.
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const statuses = async (): Promise<{ status: string; count: string }[]> =>
      (await client.query<{ status: string; count: string }>('SELECT status, count(*) FROM deliveries WHERE hook_id = $1 GROUP BY status', [hook.body.id])).rows;
    try {
      await eventually(async () => (await statuses()).every((row) => row.status !== 'pending'), 'no pending delivery left', 60_000);
      expect(await statuses()).toEqual([{ status: 'succeeded', count: String(EVENTS) }]);
    } finally {
      await client.end();
    }
    expect(delivered()).toEqual(new Set(ids));
    process.stderr.write(`scale-out: ${EVENTS} events, ${rx.at('/all').length} receipts (${rx.at('/all').length - EVENTS} repeats after the SIGKILL)\n`);
  }, 300_000);
});
