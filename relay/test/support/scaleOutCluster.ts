/**
 * A small scale-out relay for fault drills: one `api` and one `worker` process (`node
 * relay/dist/main.js`) on a fresh database of the given PostgreSQL and on the given Redis, with a
 * Clarky source and one subscription to a test receiver. Ingest calls carry a client-side time
 * limit, so a request the relay never answers shows up as `status: 0` instead of hanging the test.
 */
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../src/store/postgres/testDatabase.js';
import { fixtureBytes } from './manifest.js';
import type { Receiver } from './receiver.js';
import { apiCall, freePort, spawnRelay, type ChildRelay } from './relay.js';
import { redisPrefixOf } from './testStore.js';

export const CLUSTER_KEY = 'drill_key_0123456789abcdef0123';

export interface IngestAnswer {
  /** 0 when no answer came within the limit. */
  status: number;
  ms: number;
  retryAfter: string | null;
  eventId: string | null;
  code: string | null;
}

export interface Cluster {
  api: ChildRelay;
  worker: ChildRelay;
  database: TestDatabase;
  hookId: string;
  /** The receiver's path the subscription delivers to. */
  path: string;
  /** One Clarky event through the API process, given up after `limitMs`. */
  ingest(limitMs?: number): Promise<IngestAnswer>;
  /** The admin API of the API process, given up after `limitMs` (status 0). */
  call(method: string, pathname: string, body?: unknown, limitMs?: number): Promise<{ status: number; ms: number; body: any }>;
  /** A query on the cluster's database (the test's own view of what was recorded). */
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

export async function startCluster(services: { databaseUrl: string; redisUrl: string }, rx: Receiver, env: Record<string, string> = {}): Promise<Cluster> {
  const database = await createTestDatabase(services.databaseUrl, { prefix: 'sb_drill', migrated: false });
  const base = {
    SWITCHBOARD_STORE: 'postgres',
    SWITCHBOARD_DATABASE_URL: database.url,
    SWITCHBOARD_REDIS_URL: services.redisUrl,
    SWITCHBOARD_REDIS_PREFIX: redisPrefixOf(database.url),
    SWITCHBOARD_API_KEYS: CLUSTER_KEY,
    SWITCHBOARD_INGEST_RATE_LIMIT: '0',
    SWITCHBOARD_DELIVERY_TIMEOUT_MS: '5000',
    ...env,
  };
  const children: ChildRelay[] = [];
  const spawn = async (role: string): Promise<ChildRelay> => {
    const child = await spawnRelay({ ...base, SWITCHBOARD_ROLE: role, SWITCHBOARD_PORT: String(await freePort()) });
    children.push(child);
    return child;
  };
  // A pool, not one client: the drills restart the server under it.
  const client = new pg.Pool({ connectionString: database.url, application_name: 'switchboard-drill', max: 2 });
  client.on('error', () => undefined);
  try {
    const api = await spawn('api'); // migrates the schema
    const worker = await spawn('worker');
    const source = (await apiCall(api.url, 'POST', '/sources', { vendor: 'clarky', name: 'drill' }, CLUSTER_KEY)).body as { ingest_url: string };
    const ingestPath = new URL(source.ingest_url).pathname;
    const path = '/drill';
    const hook = await apiCall(api.url, 'POST', '/hooks', { target_url: `${rx.url}${path}`, event_types: ['clarky.*'] }, CLUSTER_KEY);
    if (hook.status !== 201) throw new Error(`could not create the drill's subscription: ${hook.status} ${JSON.stringify(hook.body)}`);
    const body = fixtureBytes('clarky/message_sent.json');
    return {
      api,
      worker,
      database,
      hookId: hook.body.id as string,
      path,
      ingest: async (limitMs = 20_000) => {
        const started = Date.now();
        try {
          const res = await fetch(`${api.url}${ingestPath}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(limitMs) });
          const parsed = (await res.json()) as { event_id?: string; error?: { code?: string } };
          return { status: res.status, ms: Date.now() - started, retryAfter: res.headers.get('retry-after'), eventId: parsed.event_id ?? null, code: parsed.error?.code ?? null };
        } catch {
          return { status: 0, ms: Date.now() - started, retryAfter: null, eventId: null, code: null };
        }
      },
      call: async (method, pathname, payload, limitMs = 20_000) => {
        const started = Date.now();
        try {
          const res = await fetch(`${api.url}/api/v1${pathname}`, {
            method,
            headers: { authorization: `Bearer ${CLUSTER_KEY}`, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
            ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
            signal: AbortSignal.timeout(limitMs),
          });
          const text = await res.text();
          return { status: res.status, ms: Date.now() - started, body: text ? JSON.parse(text) : null };
        } catch {
          return { status: 0, ms: Date.now() - started, body: null };
        }
      },
      query: async (text, values) => (await client.query(text, values)).rows,
      close: async () => {
        for (const child of children) if (child.child.exitCode === null) child.child.kill('SIGTERM');
        // A relay that cannot stop in time is a finding of its own, not a reason to hang the suite.
        const killer = setTimeout(() => children.forEach((c) => c.child.kill('SIGKILL')), 15_000);
        await Promise.all(children.map((c) => c.exited));
        clearTimeout(killer);
        await client.end().catch(() => undefined);
        await database.drop();
      },
    };
  } catch (err) {
    for (const child of children) child.child.kill('SIGKILL');
    await client.end().catch(() => undefined);
    await database.drop().catch(() => undefined);
    throw err;
  }
}
