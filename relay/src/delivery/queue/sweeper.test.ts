/**
 * The sweeper against a real PostgreSQL and Redis: a delivery committed without its job (the
 * process died between COMMIT and enqueue) gets one; a paused subscription's does not; a
 * deleted subscription's are cancelled and its queue removed; and two processes sweeping at once
 * do one round.
 */
import { Queue } from 'bullmq';
import { createLogger } from '../../log.js';
import { DEFAULT_STORE_LIMITS } from '../../store/limits.js';
import { openPostgresStore, type PostgresStore } from '../../store/postgres/postgres.js';
import { createTestDatabase, type TestDatabase } from '../../store/postgres/testDatabase.js';
import { makeHook, newDelivery } from '../../store/deliveryTesting.js';
import { makeInsert } from '../../store/storeTesting.js';
import { HookRegistry } from '../../subscriptions/registry.js';
import { jobId, queueName } from './jobs.js';
import { DeliveryQueue } from './producer.js';
import { sweepOnce, type SweeperDeps } from './sweeper.js';

const databaseUrl = process.env['SWITCHBOARD_TEST_DATABASE_URL']?.trim();
const redisUrl = process.env['SWITCHBOARD_TEST_REDIS_URL']?.trim();
const required = (process.env['SWITCHBOARD_TEST_STORES'] ?? '').split(',').map((s) => s.trim()).includes('postgres');
const describeWithServices = (databaseUrl && redisUrl) || required ? describe : describe.skip;

describeWithServices('delivery sweeper (PostgreSQL + Redis)', () => {
  let database: TestDatabase;
  let store: PostgresStore;
  let queue: DeliveryQueue;
  let inspect: Queue;
  const logger = createLogger('silent');
  // Long after the rows' due time (grace passed).
  const later = (): Date => new Date(Date.now() + 60_000);

  beforeAll(async () => {
    if (!databaseUrl || !redisUrl) throw new Error('SWITCHBOARD_TEST_DATABASE_URL and SWITCHBOARD_TEST_REDIS_URL are required (eval "$(scripts/services.sh start)")');
    database = await createTestDatabase(databaseUrl);
    store = await openPostgresStore({ databaseUrl: database.url, limits: DEFAULT_STORE_LIMITS, poolSize: 4 });
    const settings = { url: redisUrl, prefix: database.name };
    queue = new DeliveryQueue(settings, logger, () => new Date());
    inspect = new Queue(queueName('hk_active'), { connection: { url: redisUrl }, prefix: database.name });
  });

  afterAll(async () => {
    await inspect?.obliterate({ force: true }).catch(() => undefined);
    await Promise.all([inspect?.close(), queue?.close(), store?.close()]);
    await database?.drop();
  });

  const depsWith = (hooks: HookRegistry, now: () => Date = later): SweeperDeps => ({
    store, hooks, queue, logger, now,
    exclusive: (work) => store.withTryLock('delivery-sweeper', work),
  });

  it('enqueues a committed pending delivery that has no job, once, and leaves paused and deleted subscriptions alone', async () => {
    const active = await store.createHook(makeHook('hk_active', { filter: null }));
    await store.createHook(makeHook('hk_paused', { filter: null, active: false }));
    await store.createHook(makeHook('hk_deleted', { filter: null }));
    const [a, p, d] = [newDelivery(active.id), newDelivery('hk_paused'), newDelivery('hk_deleted')];
    // The raw store: committed, never enqueued.
    await store.appendEvent({ ...makeInsert({ receivedAt: new Date() }), deliveries: [a, p, d] }, new Date());
    await queue.add([{ deliveryId: d.id, hookId: 'hk_deleted', attempts: 0, dueAt: null }]);
    await store.deleteHook('hk_deleted');
    const hooks = await HookRegistry.load(store);

    expect(await inspect.getJob(jobId({ deliveryId: a.id, attempts: 0 }))).toBeUndefined();
    expect(await sweepOnce(depsWith(hooks))).toBe(1);
    const job = await inspect.getJob(jobId({ deliveryId: a.id, attempts: 0 }));
    expect(job?.data).toEqual({ deliveryId: a.id, hookId: active.id, attempts: 0 });
    expect(await inspect.getJob(jobId({ deliveryId: p.id, attempts: 0 }))).toBeUndefined();
    expect((await store.getDelivery(d.id))?.status).toBe('cancelled');
    expect(await queue.counts('hk_deleted')).toEqual({ waiting: 0, delayed: 0, active: 0 });

    // Sweeping again leaves the live job alone: still one job.
    expect(await sweepOnce(depsWith(hooks))).toBe(0);
    expect(await inspect.getJobCountByTypes('waiting', 'delayed', 'active')).toBe(1);
  });

  it('does not sweep deliveries inside the grace period (their job is being added by the process that committed them)', async () => {
    const hooks = await HookRegistry.load(store);
    const fresh = newDelivery('hk_active');
    await store.appendEvent({ ...makeInsert({ receivedAt: new Date() }), deliveries: [fresh] }, new Date());
    expect(await sweepOnce(depsWith(hooks, () => new Date()))).toBe(0);
  });

  it('runs one round at a time across processes (advisory lock)', async () => {
    const other = await openPostgresStore({ databaseUrl: database.url, limits: DEFAULT_STORE_LIMITS, poolSize: 2, migrate: false });
    try {
      let release: () => void = () => undefined;
      const holding = store.withTryLock('delivery-sweeper', () => new Promise<number>((resolve) => (release = () => resolve(0))));
      await new Promise((r) => setTimeout(r, 50));
      expect(await other.withTryLock('delivery-sweeper', async () => 1)).toEqual({ ran: false });
      release();
      await holding;
      expect(await other.withTryLock('delivery-sweeper', async () => 1)).toEqual({ ran: true, value: 1 });
    } finally {
      await other.close();
    }
  });
});
