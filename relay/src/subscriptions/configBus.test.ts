/**
 * Subscription changes between processes over a real Redis: two registries over one store stand
 * for two relay processes sharing a database. Needs SWITCHBOARD_TEST_REDIS_URL (skipped without
 * it, required when SWITCHBOARD_TEST_STORES names postgres, as in CI).
 */
import { Redis } from 'ioredis';
import { createLogger } from '../log.js';
import { startConfigBus, type ConfigBus } from './configBus.js';
import { hookRecord, MemoryHookStore } from './hooksTesting.js';
import { HookRegistry } from './registry.js';

const redisUrl = process.env['SWITCHBOARD_TEST_REDIS_URL']?.trim();
const required = (process.env['SWITCHBOARD_TEST_STORES'] ?? '').split(',').map((s) => s.trim()).includes('postgres');
const describeWithRedis = redisUrl || required ? describe : describe.skip;

async function eventually(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describeWithRedis('configuration changes between processes (Redis pub/sub)', () => {
  const buses: ConfigBus[] = [];
  const logger = createLogger('silent');
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((bus) => bus.close()));
  });

  async function twoProcesses(): Promise<{ store: MemoryHookStore; here: HookRegistry; there: HookRegistry }> {
    if (!redisUrl) throw new Error('SWITCHBOARD_TEST_REDIS_URL is required (eval "$(scripts/services.sh start)")');
    const store = new MemoryHookStore();
    const prefix = `bus_test_${Date.now()}_${Math.random().toString(36).slice(2)}`;
    const [here, there] = [await HookRegistry.load(store), await HookRegistry.load(store)];
    buses.push(await startConfigBus({ url: redisUrl, prefix }, here, logger), await startConfigBus({ url: redisUrl, prefix }, there, logger));
    return { store, here, there };
  }

  it('a hook created, changed and deleted in one process appears, changes and disappears in the other', async () => {
    const { here, there } = await twoProcesses();
    await here.create(hookRecord({ id: 'hk_bus' }));
    await eventually(() => there.get('hk_bus') !== undefined, 'the created hook');
    await here.update('hk_bus', { target_url: 'https://moved.example.com/in' }, new Date());
    await eventually(() => there.get('hk_bus')?.record.target_url === 'https://moved.example.com/in', 'the change');
    await here.delete('hk_bus');
    await eventually(() => there.get('hk_bus') === undefined, 'the deletion');
  });

  it('after a lost connection a process reloads every hook (announcements made meanwhile are gone)', async () => {
    const { store, there } = await twoProcesses();
    // Saved without an announcement: only a reload can find it.
    await store.createHook(hookRecord({ id: 'hk_missed' }));
    await new Promise((r) => setTimeout(r, 200));
    expect(there.get('hk_missed')).toBeUndefined();
    // Drops every pub/sub connection on this Redis; any other relay using it just reloads too.
    const admin = new Redis(redisUrl ?? '');
    try {
      await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
    } finally {
      admin.disconnect();
    }
    await eventually(() => there.get('hk_missed') !== undefined, 'the reload after reconnecting');
  });
});
