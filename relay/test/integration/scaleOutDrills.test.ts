/**
 * Issue #12, fault drills of the scale-out relay (`api` + `worker` processes): under steady
 * ingest to a subscriber that answers 200, the PostgreSQL server is stopped with `-m immediate`
 * (as a crash) and started again, and Redis is SIGKILLed (losing every job) and started again.
 * For each:
 * - ingest answers within a bounded time throughout (202, or 503 with Retry-After while the
 *   database is down; never a hang, never another error);
 * - every event answered 202 is delivered;
 * - none is delivered twice without a failed attempt recorded between (the receiver counts each
 *   `webhook-id`; the database holds the attempts);
 * - the relay recovers without a restart.
 * And the narrow case those drills may miss: attempts the subscriber answers while the database
 * is down are recorded once it is back, not sent again.
 *
 * Runs on a PostgreSQL and a Redis of its own (`privateServices.ts`), since it kills them; it is
 * required where the other scale-out tests are (SWITCHBOARD_TEST_STORES names postgres).
 */
import { Redis } from 'ioredis';
import { startPrivateServices, type PrivateServices } from '../support/privateServices.js';
import { eventually, reply, startReceiver, type Receiver } from '../support/receiver.js';
import { scaleOutServices } from '../support/scaleOutServices.js';
import { startCluster, type Cluster, type IngestAnswer } from '../support/scaleOutCluster.js';

/** No ingest may take longer than this, outage or not (the pool's connect timeout is 10 s). */
const ANSWER_LIMIT_MS = 15_000;
const SENDERS = 4;
const DOWN_MS = 3_000;

scaleOutServices('scale-out drills').describe('scale-out drills: a service killed mid-load and started again', () => {
  let services: PrivateServices;
  let rx: Receiver;
  let cluster: Cluster;

  beforeAll(async () => {
    services = await startPrivateServices();
    rx = await startReceiver();
    cluster = await startCluster(services, rx);
  }, 90_000);

  afterAll(async () => {
    await cluster?.close();
    await rx?.close();
    await services?.close();
  }, 60_000);

  /** Steady ingest from `SENDERS` clients while `fault` runs, then a few seconds more. */
  async function underLoad(fault: () => Promise<void>): Promise<IngestAnswer[]> {
    const answers: IngestAnswer[] = [];
    let sending = true;
    const sender = async (): Promise<void> => {
      while (sending) {
        answers.push(await cluster.ingest(ANSWER_LIMIT_MS));
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const senders = Array.from({ length: SENDERS }, sender);
    try {
      await eventually(async () => (answers.filter((a) => a.status === 202).length >= 50 ? true : undefined), 30_000, 'steady ingest before the fault');
      await fault();
      // Recovered without a restart: accepted again, after the fault.
      const after = answers.length;
      await eventually(async () => (answers.slice(after).filter((a) => a.status === 202).length >= 50 ? true : undefined), 60_000, 'ingest accepting again after the fault');
    } finally {
      sending = false;
      await Promise.all(senders);
    }
    return answers;
  }

  /** The assertions every drill shares; `allowed` are the refusals the fault may cause. */
  async function expectNothingLostOrRepeated(answers: IngestAnswer[], allowed: number[]): Promise<void> {
    const slowest = Math.max(...answers.map((a) => a.ms));
    const unexpected = answers.filter((a) => !(a.status === 202 || (allowed.includes(a.status) && Number(a.retryAfter) > 0)));
    expect({ unexpected: unexpected.slice(0, 5), slowestWithinLimit: slowest < ANSWER_LIMIT_MS }).toEqual({ unexpected: [], slowestWithinLimit: true });

    const accepted = new Set(answers.filter((a) => a.status === 202).map((a) => a.eventId ?? ''));
    const receipts = (): Map<string, number> => {
      const counts = new Map<string, number>();
      for (const r of rx.at(cluster.path)) counts.set(String(r.headers['webhook-id']), (counts.get(String(r.headers['webhook-id'])) ?? 0) + 1);
      return counts;
    };
    const missing = (): string[] => [...accepted].filter((id) => !receipts().has(id));
    await eventually(async () => (missing().length === 0 ? true : undefined), 90_000, `every accepted event delivered (${accepted.size} accepted, missing e.g. ${missing().slice(0, 3).join(', ')})`);
    await eventually(async () => ((await cluster.query("SELECT 1 FROM deliveries WHERE status = 'pending' LIMIT 1")).length === 0 ? true : undefined), 60_000, 'no delivery left pending');

    // A repeat is allowed only after an attempt recorded as not successful (a timeout, a lost answer).
    const failedAttempts = new Map<string, number>();
    for (const row of await cluster.query<{ event_id: string; failed: number }>("SELECT event_id, count(*)::int AS failed FROM attempts WHERE outcome <> 'success' GROUP BY event_id")) {
      failedAttempts.set(row.event_id, row.failed);
    }
    const repeatedUnexplained = [...receipts()].filter(([id, count]) => count > 1 + (failedAttempts.get(id) ?? 0));
    expect(repeatedUnexplained).toEqual([]);
    expect([cluster.api.child.exitCode, cluster.worker.child.exitCode]).toEqual([null, null]);
    const repeats = [...receipts().values()].reduce((sum, n) => sum + n - 1, 0);
    const refused = answers.filter((a) => a.status !== 202).length;
    process.stderr.write(`drill: ${answers.length} ingests (${accepted.size} accepted, ${refused} refused, slowest ${slowest} ms), ${repeats} repeats after failed attempts\n`);
  }

  it('PostgreSQL stopped with -m immediate mid-load and started again: nothing accepted is lost or sent twice, ingest never hangs', async () => {
    const answers = await underLoad(async () => {
      await services.stopPostgres('immediate');
      await new Promise((r) => setTimeout(r, DOWN_MS));
      await services.startPostgres();
    });
    expect(answers.some((a) => a.status === 503)).toBe(true); // the outage was seen
    await expectNothingLostOrRepeated(answers, [503]);
  }, 240_000);

  it('Redis SIGKILLed mid-load (every job lost) and started again: nothing accepted is lost or sent twice, ingest keeps answering 202', async () => {
    const answers = await underLoad(async () => {
      await services.stopRedis('kill');
      await new Promise((r) => setTimeout(r, DOWN_MS));
      await services.startRedis();
    });
    await expectNothingLostOrRepeated(answers, []);
    // The subscription's limit over all workers (queue meta, lost with the data) is set again.
    const redis = new Redis(services.redisUrl);
    try {
      const meta = `${cluster.database.name}:deliveries.${cluster.hookId}:meta`;
      await eventually(async () => ((await redis.hget(meta, 'concurrency')) === '8' ? true : undefined), 20_000, `${meta} concurrency set again`);
    } finally {
      redis.disconnect();
    }
  }, 240_000);

  it('attempts answered while PostgreSQL is down are recorded once it is back, not sent again', async () => {
    const held: (() => void)[] = [];
    rx.on(cluster.path, (_req, res) => held.push(() => res.end('ok')));
    const before = rx.at(cluster.path).length;
    try {
      const events = await Promise.all([cluster.ingest(), cluster.ingest(), cluster.ingest()]);
      expect(events.map((e) => e.status)).toEqual([202, 202, 202]);
      await rx.waitFor(cluster.path, before + 3, 20_000); // all three at the subscriber, unanswered
      await services.stopPostgres('immediate');
      held.splice(0).forEach((answer) => answer()); // answered 200: only the record is missing
      rx.on(cluster.path, reply(200, 'ok')); // a repeat would be answered (and counted) at once
      await new Promise((r) => setTimeout(r, DOWN_MS));
      await services.startPostgres();
      const ids = events.map((e) => e.eventId ?? '');
      const outcomes = await eventually(async () => {
        const rows = await cluster.query<{ status: string; outcomes: string[] }>(
          'SELECT d.status, array_agg(a.outcome ORDER BY a.seq) AS outcomes FROM deliveries d JOIN attempts a ON a.delivery_id = d.id WHERE d.event_id = ANY($1) GROUP BY d.id, d.status',
          [ids],
        );
        return rows.length === 3 && rows.every((r) => r.status === 'succeeded') ? rows : undefined;
      }, 60_000, 'the three deliveries recorded as succeeded');
      expect(outcomes.map((r) => r.outcomes)).toEqual([['success'], ['success'], ['success']]);
      // Past the sweeper's grace and interval: no second receipt for any of them.
      await new Promise((r) => setTimeout(r, 12_000));
      expect(rx.at(cluster.path).slice(before).map((r) => String(r.headers['webhook-id'])).sort()).toEqual([...ids].sort());
    } finally {
      held.splice(0).forEach((answer) => answer());
      rx.on(cluster.path, reply(200, 'ok'));
    }
  }, 120_000);
});
