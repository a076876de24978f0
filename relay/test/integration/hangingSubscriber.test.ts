/**
 * Issue #8, "a hanging subscriber never delays others", with BullMQ across processes: one API
 * process and two workers on one PostgreSQL and one Redis; a subscriber that accepts connections
 * and never answers, and a healthy one, both subscribed to every event. With a large backlog for
 * the dead one, the healthy one still gets every event promptly, the dead one never has more than
 * its per-subscription limit of requests open over both workers, and its waiting jobs stay put
 * (Redis records no job moves while nothing finishes) instead of cycling through the workers.
 *
 * Needs SWITCHBOARD_TEST_DATABASE_URL and SWITCHBOARD_TEST_REDIS_URL (`scripts/services.sh`);
 * skipped with a notice without them, unless SWITCHBOARD_TEST_STORES names postgres (CI).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { queueName } from '../../src/delivery/queue/jobs.js';
import { createTestDatabase, type TestDatabase } from '../../src/store/postgres/testDatabase.js';
import { fixtureBytes } from '../support/manifest.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { apiCall, freePort, spawnRelay, type ChildRelay } from '../support/relay.js';
import { scaleOutServices } from '../support/scaleOutServices.js';
import { redisPrefixOf } from '../support/testStore.js';

const KEY = 'hanging_key_0123456789abcdef';
const EVENTS = 2_000;
const PER_HOOK = 4;
const services = scaleOutServices('hanging-subscriber test');
const { databaseUrl, redisUrl } = services;
const describeScaleOut = services.describe;

/** Accepts every request and never answers; counts the requests open at once. */
interface DeadSubscriber {
  url: string;
  open: number;
  maxOpen: number;
  requests: number;
  close(): Promise<void>;
}

async function startDeadSubscriber(): Promise<DeadSubscriber> {
  const server = http.createServer();
  const dead: DeadSubscriber = { url: '', open: 0, maxOpen: 0, requests: 0, close: async () => undefined };
  server.on('request', (_req, res) => {
    dead.requests += 1;
    dead.open += 1;
    dead.maxOpen = Math.max(dead.maxOpen, dead.open);
    res.on('close', () => (dead.open -= 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  dead.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dead.close = () => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return dead;
}

/**
 * What BullMQ recorded in the events streams of every queue under `prefix` between two times, by
 * kind: one entry per job added, moved (waiting, active, delayed, completed, ...) or re-added.
 */
async function queueEventsBetween(redis: Redis, prefix: string, from: number, to: number): Promise<Record<string, number>> {
  const kinds: Record<string, number> = {};
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*:events`, 'COUNT', 1_000);
    cursor = next;
    for (const key of keys) {
      for (const [, fields] of await redis.xrange(key, String(from), String(to))) {
        const kind = fields[1] ?? '?'; // fields: ['event', <kind>, ...]
        kinds[kind] = (kinds[kind] ?? 0) + 1;
      }
    }
  } while (cursor !== '0');
  return kinds;
}

describeScaleOut('a subscriber that never answers, beside a healthy one, over two worker processes', () => {
  let database: TestDatabase;
  let rx: Receiver;
  let dead: DeadSubscriber;
  let redis: Redis;
  const children: ChildRelay[] = [];

  beforeAll(async () => {
    services.check();
    database = await createTestDatabase(databaseUrl, { prefix: 'sb_hang', migrated: false });
    [rx, dead] = await Promise.all([startReceiver(), startDeadSubscriber()]);
    redis = new Redis(redisUrl);
  }, 60_000);

  afterAll(async () => {
    // Attempts at the dead subscriber end once it hangs up; a worker stops after its attempts.
    await dead?.close();
    for (const child of children) if (child.child.exitCode === null) child.child.kill('SIGTERM');
    await Promise.all(children.map((c) => c.exited));
    await rx?.close();
    redis?.disconnect();
    await database?.drop();
  }, 60_000);

  it(`${EVENTS} events: the healthy subscriber gets each promptly, the dead one holds at most its limit and its jobs wait without moving`, async () => {
    const base = {
      ...services.relayEnv(database, KEY),
      SWITCHBOARD_DELIVERY_CONCURRENCY_PER_HOOK: String(PER_HOOK),
      // Longer than the test: every attempt at the dead subscriber holds its slot throughout.
      SWITCHBOARD_DELIVERY_TIMEOUT_MS: '120000',
    };
    const start = async (role: string): Promise<ChildRelay> => {
      const child = await spawnRelay({ ...base, SWITCHBOARD_ROLE: role, SWITCHBOARD_PORT: String(await freePort()) });
      children.push(child);
      return child;
    };
    const api = await start('api'); // migrates the schema before the workers start
    await Promise.all([start('worker'), start('worker')]);
    const source = (await apiCall(api.url, 'POST', '/sources', { vendor: 'clarky', name: 'hanging' }, KEY)).body as { ingest_url: string };
    const deadHook = await apiCall(api.url, 'POST', '/hooks', { target_url: `${dead.url}/dead`, event_types: ['clarky.*'] }, KEY);
    const okHook = await apiCall(api.url, 'POST', '/hooks', { target_url: `${rx.url}/ok`, event_types: ['clarky.*'] }, KEY);
    expect([deadHook.status, okHook.status]).toEqual([201, 201]);

    const body = fixtureBytes('clarky/message_sent.json');
    const acceptedAt = new Map<string, number>();
    let next = 0;
    const sender = async (): Promise<void> => {
      while (next < EVENTS) {
        next += 1;
        const res = await fetch(`${api.url}${new URL(source.ingest_url).pathname}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        expect(res.status).toBe(202);
        acceptedAt.set(((await res.json()) as { event_id: string }).event_id, Date.now());
      }
    };
    await Promise.all(Array.from({ length: 16 }, sender));
    const lastAccepted = Date.now();

    await rx.waitFor('/ok', EVENTS, 60_000);
    const lastDelivered = Date.now();
    const ok = rx.at('/ok');
    expect(new Set(ok.map((r) => String(r.headers['webhook-id'])))).toEqual(new Set(acceptedAt.keys()));
    const lags = ok.map((r) => r.at - (acceptedAt.get(String(r.headers['webhook-id'])) ?? 0)).sort((a, b) => a - b);
    const p99 = lags[Math.floor(lags.length * 0.99)] ?? 0;
    // Promptly: at most a few seconds behind ingest (the dead subscriber's backlog does not stand in the way).
    expect(lastDelivered - lastAccepted).toBeLessThan(15_000);
    expect(p99).toBeLessThan(15_000);

    // The backlog waits in the dead subscription's queue: no job moves while nothing finishes, and
    // the sweeper (every 5 s) leaves jobs that are live alone. The window opens once the healthy
    // subscription's last jobs are done with (its attempts are recorded after their answer).
    const prefix = redisPrefixOf(database.url);
    const view = (hookId: string): Queue => new Queue(queueName(hookId), { connection: { url: redisUrl }, prefix });
    const [deadQueue, okQueue] = [view(deadHook.body.id as string), view(okHook.body.id as string)];
    try {
      const deadline = Date.now() + 15_000;
      while ((await okQueue.getJobCountByTypes('waiting', 'active', 'delayed')) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const windowStart = Date.now();
      await new Promise((r) => setTimeout(r, 6_000));
      const events = await queueEventsBetween(redis, prefix, windowStart, Date.now());
      const counts = await deadQueue.getJobCounts('waiting', 'delayed', 'active');
      process.stderr.write(`hanging subscriber: healthy p99 lag ${p99} ms, last delivered ${lastDelivered - lastAccepted} ms after the last ingest; dead: ${dead.requests} requests, at most ${dead.maxOpen} open, jobs ${JSON.stringify(counts)}, queue events in 6 s ${JSON.stringify(events)}\n`);
      expect(counts).toEqual({ waiting: EVENTS - PER_HOOK, delayed: 0, active: PER_HOOK });
      expect(Object.values(events).reduce((sum, n) => sum + n, 0)).toBeLessThan(5);
    } finally {
      await Promise.all([deadQueue.close(), okQueue.close()]);
    }
    // The per-subscription limit holds over both worker processes together, and it is used.
    expect(dead.maxOpen).toBeLessThanOrEqual(PER_HOOK);
    expect(dead.open).toBe(PER_HOOK);
  }, 180_000);
});
