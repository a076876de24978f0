/**
 * The subscription queue workers of one process against a real PostgreSQL and Redis: a worker
 * per active subscription, with the subscription's limit as its queue's global concurrency; none
 * while it is paused (its jobs wait, then go once it is switched back on); its queue removed from
 * Redis once it is deleted.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createLogger } from '../../log.js';
import { makeHook, newDelivery } from '../../store/deliveryTesting.js';
import { DEFAULT_STORE_LIMITS } from '../../store/limits.js';
import { openPostgresStore, type PostgresStore } from '../../store/postgres/postgres.js';
import { createTestDatabase, type TestDatabase } from '../../store/postgres/testDatabase.js';
import { makeInsert } from '../../store/storeTesting.js';
import { HookRegistry } from '../../subscriptions/registry.js';
import { Sender } from '../sender.js';
import { queueName } from './jobs.js';
import { DeliveryQueue } from './producer.js';
import { QueueWorker } from './worker.js';

const databaseUrl = process.env['SWITCHBOARD_TEST_DATABASE_URL']?.trim();
const redisUrl = process.env['SWITCHBOARD_TEST_REDIS_URL']?.trim();
const required = (process.env['SWITCHBOARD_TEST_STORES'] ?? '').split(',').map((s) => s.trim()).includes('postgres');
const describeWithServices = (databaseUrl && redisUrl) || required ? describe : describe.skip;
const PER_HOOK = 3;

async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describeWithServices('subscription queue workers (PostgreSQL + Redis)', () => {
  let database: TestDatabase;
  let store: PostgresStore;
  let hooks: HookRegistry;
  let queue: DeliveryQueue;
  let worker: QueueWorker;
  let sender: Sender;
  let subscriber: http.Server;
  let target = '';
  const received: string[] = [];
  const logger = createLogger('silent');
  const prefix = (): string => database.name;
  const inspect = (hookId: string): Queue => new Queue(queueName(hookId), { connection: { url: redisUrl ?? '' }, prefix: prefix() });

  beforeAll(async () => {
    if (!databaseUrl || !redisUrl) throw new Error('SWITCHBOARD_TEST_DATABASE_URL and SWITCHBOARD_TEST_REDIS_URL are required (eval "$(scripts/services.sh start)")');
    database = await createTestDatabase(databaseUrl);
    store = await openPostgresStore({ databaseUrl: database.url, limits: DEFAULT_STORE_LIMITS, poolSize: 4 });
    subscriber = http.createServer((req, res) => {
      received.push(String(req.headers['webhook-id']));
      req.resume().on('end', () => res.end('ok'));
    });
    await new Promise<void>((resolve) => subscriber.listen(0, '127.0.0.1', resolve));
    target = `http://127.0.0.1:${(subscriber.address() as AddressInfo).port}/in`;
    hooks = await HookRegistry.load(store);
    const settings = { url: redisUrl, prefix: database.name };
    queue = new DeliveryQueue(settings, logger, () => new Date());
    sender = new Sender({ policy: 'private', perHookConcurrency: PER_HOOK });
    worker = new QueueWorker(settings, { store, hooks, sender, queue, logger, now: () => new Date() }, { globalConcurrency: 16, perHookConcurrency: PER_HOOK, timeoutMs: 5_000, autoDisableAfter: 0 });
    worker.start();
  });

  afterAll(async () => {
    await worker?.stop();
    await queue?.close();
    sender?.close();
    await new Promise((resolve) => subscriber?.close(resolve));
    await store?.close();
    await database?.drop();
  });

  it('serves an active subscription with a worker and sets its limit as the queue global concurrency', async () => {
    const hook = await hooks.create(makeHook('hook_served', { target_url: target, auth: { type: 'none' } }));
    await eventually(() => worker.serving().includes(hook.record.id), 'a worker for the new subscription');
    const view = inspect(hook.record.id);
    try {
      expect(await view.getGlobalConcurrency()).toBe(PER_HOOK);
    } finally {
      await view.close();
    }
  });

  it("closes a paused subscription's worker: its jobs wait, and are delivered once it is switched back on", async () => {
    const hook = await hooks.create(makeHook('hook_paused', { target_url: target, auth: { type: 'none' } }));
    await eventually(() => worker.serving().includes(hook.record.id), 'a worker for the new subscription');
    await hooks.update(hook.record.id, { active: false }, new Date());
    await eventually(() => !worker.serving().includes(hook.record.id), 'the worker closed');

    const delivery = newDelivery(hook.record.id);
    const insert = makeInsert({ receivedAt: new Date() });
    await store.appendEvent({ ...insert, deliveries: [delivery] }, new Date());
    await queue.add([{ deliveryId: delivery.id, hookId: hook.record.id, attempts: 0, dueAt: null }]);
    await new Promise((r) => setTimeout(r, 300));
    expect(await queue.counts(hook.record.id)).toEqual({ waiting: 1, delayed: 0, active: 0 });

    await hooks.update(hook.record.id, { active: true }, new Date());
    await eventually(async () => (await store.getDelivery(delivery.id))?.status === 'succeeded', 'the waiting delivery attempted');
    expect(received).toContain(insert.envelope.id);
  });

  it('holds an attempt whose record PostgreSQL refuses: retried as a record until stored, never sent again', async () => {
    const hook = await hooks.create(makeHook('hook_unrecorded', { target_url: target, auth: { type: 'none' } }));
    await eventually(() => worker.serving().includes(hook.record.id), 'a worker for the new subscription');
    // The worker's store is this object: its record fails as a full PostgreSQL disk does (53100) three times.
    const original = store.recordAttempt;
    let refusals = 0;
    store.recordAttempt = (write, now) => (refusals++ < 3 ? Promise.reject(Object.assign(new Error('could not extend file: No space left on device'), { code: '53100' })) : original(write, now));
    try {
      const delivery = newDelivery(hook.record.id);
      const insert = makeInsert({ receivedAt: new Date() });
      await store.appendEvent({ ...insert, deliveries: [delivery] }, new Date());
      await queue.add([{ deliveryId: delivery.id, hookId: hook.record.id, attempts: 0, dueAt: null }]);
      await eventually(async () => (await store.getDelivery(delivery.id))?.status === 'succeeded', 'the held record stored', 15_000);
      expect(refusals).toBe(4);
      expect(received.filter((id) => id === insert.envelope.id)).toHaveLength(1);
      expect((await store.getDelivery(delivery.id))?.attempts).toBe(1);
    } finally {
      store.recordAttempt = original;
    }
  });

  it("removes a deleted subscription's queue from Redis", async () => {
    const hook = await hooks.create(makeHook('hook_deleted', { target_url: target, auth: { type: 'none' } }));
    await eventually(() => worker.serving().includes(hook.record.id), 'a worker for the new subscription');
    await queue.add([{ deliveryId: 'dlv_never', hookId: hook.record.id, attempts: 0, dueAt: new Date(Date.now() + 3_600_000) }]);
    const redis = new Redis(redisUrl ?? '');
    try {
      const keys = (): Promise<string[]> => redis.keys(`${prefix()}:${queueName(hook.record.id)}:*`);
      expect((await keys()).length).toBeGreaterThan(0);
      await hooks.delete(hook.record.id);
      await eventually(async () => !worker.serving().includes(hook.record.id) && (await keys()).length === 0, 'the queue removed');
    } finally {
      redis.disconnect();
    }
  });
});
