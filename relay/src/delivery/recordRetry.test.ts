import { createLogger } from '../log.js';
import { recordRetryDelay, recordUntilStored } from './recordRetry.js';

const logger = createLogger('silent');
const FAST = { firstDelayMs: 5, maxDelayMs: 20 };
/** A save function that counts its calls. */
function counted(run: () => Promise<void>): { save: () => Promise<void>; calls: () => number } {
  let n = 0;
  return { save: () => (n++, run()), calls: () => n };
}
const full = (): Error => Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });

describe('recordRetryDelay', () => {
  it.each([
    [1, 250],
    [2, 500],
    [3, 1000],
    [7, 16000],
    [8, 30000],
    [50, 30000],
  ])('waits after %i failed tries: %i ms (doubling, capped at the Retry-After)', (failures, ms) => {
    expect(recordRetryDelay(failures)).toBe(ms);
  });
});

describe('recordUntilStored', () => {
  it('stores on the first try: both promises resolve, one save', async () => {
    const { save, calls } = counted(() => Promise.resolve());
    const tries = recordUntilStored(save, { logger, signal: new AbortController().signal, log: {}, options: FAST });
    await expect(tries.first).resolves.toBeUndefined();
    await expect(tries.stored).resolves.toBeUndefined();
    expect(calls()).toBe(1);
  });

  it('keeps retrying the record (never anything else) until the store takes it', async () => {
    let failuresLeft = 3;
    const { save, calls } = counted(() => (failuresLeft-- > 0 ? Promise.reject(full()) : Promise.resolve()));
    const tries = recordUntilStored(save, { logger, signal: new AbortController().signal, log: {}, options: FAST });
    await expect(tries.first).rejects.toMatchObject({ code: 'SQLITE_FULL' });
    await expect(tries.stored).resolves.toBeUndefined();
    expect(calls()).toBe(4);
  });

  it('gives up when stopped, saying the delivery stays pending', async () => {
    const controller = new AbortController();
    const { save, calls } = counted(() => Promise.reject(full()));
    const tries = recordUntilStored(save, { logger, signal: controller.signal, log: {}, options: { firstDelayMs: 60_000, maxDelayMs: 60_000 } });
    await expect(tries.first).rejects.toMatchObject({ code: 'SQLITE_FULL' });
    controller.abort();
    await expect(tries.stored).rejects.toThrow(/stays pending/);
    expect(calls()).toBe(1);
  });
});
