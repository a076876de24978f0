import { WriteHealth, watchWrites } from './writeHealth.js';
import { openEmbeddedStore } from './embedded.js';
import { DEFAULT_STORE_LIMITS } from './limits.js';
import { makeInsert } from './storeTesting.js';
import type { Store } from './types.js';

const full = (): Error => Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });

describe('WriteHealth', () => {
  it('is ok until a storage failure, failing after it, ok again after the next success', () => {
    const health = new WriteHealth();
    expect(health.state()).toBe('ok');
    health.failed(full());
    expect(health.state()).toBe('failing');
    health.succeeded();
    expect(health.state()).toBe('ok');
  });

  it('ignores failures that are not the store\'s (a duplicate, a bug)', () => {
    const health = new WriteHealth();
    health.failed(Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }));
    health.failed(new TypeError('x is undefined'));
    expect(health.state()).toBe('ok');
  });

  it('stops reporting a failure nothing has retried for `staleMs`', () => {
    let now = 1_000;
    const health = new WriteHealth(() => now, 30_000);
    health.failed(full());
    now += 30_000;
    expect(health.state()).toBe('failing');
    now += 1;
    expect(health.state()).toBe('ok');
  });
});

describe('watchWrites', () => {
  /** The real in-memory store with `appendEvent` and `getEvent` failing as a full disk does while `full()` says so. */
  async function fillableStore(): Promise<{ store: Store; setFull(value: boolean): void }> {
    const real = await openEmbeddedStore({ dataDir: null, limits: DEFAULT_STORE_LIMITS });
    let isFull = true;
    const store: Store = {
      ...real,
      appendEvent: (insert, now) => (isFull ? Promise.reject(full()) : real.appendEvent(insert, now)),
      getEvent: (id) => (isFull ? Promise.reject(full()) : real.getEvent(id)),
    };
    return { store, setFull: (value) => (isFull = value) };
  }

  it("reports each write's outcome and passes results and errors through unchanged", async () => {
    const health = new WriteHealth();
    const { store: base, setFull } = await fillableStore();
    const store = watchWrites(base, health);
    const insert = makeInsert();
    await expect(store.appendEvent(insert, new Date())).rejects.toMatchObject({ code: 'SQLITE_FULL' });
    expect(health.state()).toBe('failing');
    setFull(false);
    await expect(store.appendEvent(insert, new Date())).resolves.toMatchObject({ duplicate: false });
    expect(health.state()).toBe('ok');
    await store.close();
  });

  it('reads and no-op prunes say nothing: a failing read is not a write, a prune that deletes nothing proves no space', async () => {
    const health = new WriteHealth();
    const store = watchWrites((await fillableStore()).store, health);
    await expect(store.getEvent('evt_x')).rejects.toMatchObject({ code: 'SQLITE_FULL' });
    expect(health.state()).toBe('ok');
    await store.appendEvent(makeInsert(), new Date()).catch(() => undefined);
    await store.prune(new Date());
    expect(health.state()).toBe('failing');
    await store.close();
  });
});
