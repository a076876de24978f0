/**
 * Issue #12, item 7: the scale-out relay (`api` + `worker` processes) while one of its services
 * is down. With Redis down, a committed event is answered 202 within a bounded time and is
 * delivered once Redis is back (the sweeper enqueues what could not be); the admin API answers
 * too. With PostgreSQL down, nothing can be committed: ingest and the API answer 503
 * `storage_unavailable` with `Retry-After`, quickly, and work again once it is back, without a
 * restart.
 *
 * Runs on a PostgreSQL and a Redis of its own (`privateServices.ts`), since it stops them; it is
 * required where the other scale-out tests are (SWITCHBOARD_TEST_STORES names postgres).
 */
import { startPrivateServices, type PrivateServices } from '../support/privateServices.js';
import { eventually, startReceiver, type Receiver } from '../support/receiver.js';
import { scaleOutServices } from '../support/scaleOutServices.js';
import { startCluster, type Cluster } from '../support/scaleOutCluster.js';

/** What "answered within a bounded time" means here: well past the relay's own waits (2 s for Redis), far below a vendor's patience. */
const ANSWER_LIMIT_MS = 10_000;

scaleOutServices('scale-out outage test').describe('scale-out relay with a service down', () => {
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

  const deliveredIds = (): Set<string> => new Set(rx.at(cluster.path).map((r) => String(r.headers['webhook-id'])));

  it('Redis down: ingest answers 202 within the limit, requests do not pile up, and every event is delivered after Redis returns (the sweeper enqueues them)', async () => {
    const before = await cluster.ingest();
    expect(before.status).toBe(202);
    await rx.waitFor(cluster.path, 1, 20_000);

    await services.stopRedis('shutdown');
    let accepted: string[];
    try {
      await eventually(async () => ((await fetch(`${cluster.api.url}/readyz`)).status === 503 ? true : undefined), 10_000, '/readyz to report Redis unreachable');
      // One at first (today's relay never answered it), then many at once: none may wait on Redis.
      const first = await cluster.ingest(ANSWER_LIMIT_MS);
      expect({ status: first.status, withinLimit: first.ms < ANSWER_LIMIT_MS }).toEqual({ status: 202, withinLimit: true });
      const burst = await Promise.all(Array.from({ length: 100 }, () => cluster.ingest(ANSWER_LIMIT_MS)));
      expect(burst.filter((a) => a.status !== 202)).toEqual([]);
      accepted = [before, first, ...burst].map((a) => a.eventId ?? '');
    } finally {
      await services.startRedis();
    }
    await eventually(async () => (deliveredIds().size >= accepted.length ? true : undefined), 60_000, `${accepted.length} events delivered after Redis returned (have ${deliveredIds().size})`);
    expect(deliveredIds()).toEqual(new Set(accepted));
  }, 120_000);

  it('Redis down: retry now, test send and replay answer within the limit', async () => {
    const event = await cluster.ingest();
    expect(event.status).toBe(202);
    const [delivery] = await eventually(async () => {
      const rows = await cluster.query<{ id: string }>("SELECT id FROM deliveries WHERE event_id = $1 AND status = 'succeeded'", [event.eventId]);
      return rows.length > 0 ? rows : undefined;
    }, 20_000, 'the event delivered');

    await services.stopRedis('kill');
    try {
      const calls = await Promise.all([
        cluster.call('POST', `/deliveries/${delivery!.id}/retry`, undefined, ANSWER_LIMIT_MS),
        cluster.call('POST', `/hooks/${cluster.hookId}/test`, undefined, ANSWER_LIMIT_MS),
        cluster.call('POST', `/events/${event.eventId}/replay`, {}, ANSWER_LIMIT_MS),
      ]);
      // Each is made (an attempt now, or rows committed for the sweeper), not refused: none needs Redis to answer.
      expect(calls.map((c) => c.status)).toEqual([200, 200, 202]);
    } finally {
      await services.startRedis();
    }
    // The replay's delivery, committed while Redis was down, is sent once it is back.
    await eventually(async () => {
      const rows = await cluster.query<{ status: string }>("SELECT status FROM deliveries WHERE event_id = $1 AND trigger = 'replay'", [event.eventId]);
      return rows[0]?.status === 'succeeded' ? true : undefined;
    }, 60_000, 'the replay delivered after Redis returned');
  }, 120_000);

  it('PostgreSQL down: ingest and the API answer 503 storage_unavailable with Retry-After within the limit, and accept again once it is back', async () => {
    await services.stopPostgres('immediate');
    try {
      const answers = await Promise.all(Array.from({ length: 20 }, () => cluster.ingest(ANSWER_LIMIT_MS)));
      for (const answer of answers) expect({ status: answer.status, code: answer.code, retryAfter: Number(answer.retryAfter) > 0 }).toEqual({ status: 503, code: 'storage_unavailable', retryAfter: true });
      const listing = await cluster.call('GET', '/deliveries', undefined, ANSWER_LIMIT_MS);
      expect({ status: listing.status, code: listing.body?.error?.code }).toEqual({ status: 503, code: 'storage_unavailable' });
    } finally {
      await services.startPostgres();
    }
    const after = await eventually(async () => {
      const answer = await cluster.ingest(ANSWER_LIMIT_MS);
      return answer.status === 202 ? answer : undefined;
    }, 30_000, 'ingest to accept again');
    await eventually(async () => (deliveredIds().has(after.eventId ?? '') ? true : undefined), 30_000, 'the event accepted after the restart delivered');
  }, 120_000);
});
