/**
 * A queue job and a manual retry of the same delivery in one process never attempt it at once:
 * the job finds the delivery's ticket taken in the process's lanes (shared with the API's direct
 * engine) and goes back to the delayed set for `BUSY_DELAY_MS`, sending nothing (issue #12, item 3).
 */
import type { Job } from 'bullmq';
import { DelayedError } from 'bullmq';
import { createLogger } from '../../log.js';
import { openTestStore, type TestStore } from '../../store/contract/harness.js';
import { HookRegistry } from '../../subscriptions/registry.js';
import { Lanes } from '../lanes.js';
import { Sender } from '../sender.js';
import { BUSY_DELAY_MS, JobHandler } from './jobHandler.js';
import type { DeliveryJob } from './jobs.js';

const NOW = new Date('2026-03-03T15:01:10.000Z');

/** The part of a BullMQ job the handler uses; records where it was moved. */
function fakeJob(data: DeliveryJob): { job: Job<DeliveryJob>; delayedTo: number[] } {
  const delayedTo: number[] = [];
  const job = { data, moveToDelayed: async (at: number) => void delayedTo.push(at) };
  return { job: job as unknown as Job<DeliveryJob>, delayedTo };
}

describe('JobHandler with lanes shared with the direct engine', () => {
  let t: TestStore;
  let sender: Sender;
  beforeEach(async () => {
    t = await openTestStore('embedded');
    sender = new Sender({ policy: 'private', perHookConcurrency: 2 });
  });
  afterEach(async () => {
    sender.close();
    await t.destroy();
  });

  test('a job whose delivery is being retried by hand here waits, then is judged again once the retry is done', async () => {
    const lanes = new Lanes();
    const hooks = await HookRegistry.load(t.store);
    const queue = { addOrLeaveToSweeper: async () => true };
    const handler = new JobHandler({ store: t.store, hooks, sender, queue, logger: createLogger('silent'), now: () => NOW, lanes }, { globalConcurrency: 4, timeoutMs: 1_000, autoDisableAfter: 0 });
    const retry = lanes.start('hook_a', 'dlv_busy');
    if (!retry) throw new Error('expected the manual retry to get the ticket');

    const busy = fakeJob({ deliveryId: 'dlv_busy', hookId: 'hook_a', attempts: 0 });
    await expect(handler.process(busy.job, 'token')).rejects.toBeInstanceOf(DelayedError);
    expect(busy.delayedTo).toEqual([NOW.getTime() + BUSY_DELAY_MS]);
    expect(lanes.sending).toBe(1);

    retry.done();
    const again = fakeJob({ deliveryId: 'dlv_busy', hookId: 'hook_a', attempts: 0 });
    await expect(handler.process(again.job, 'token')).resolves.toBeUndefined(); // no such row: skipped
    expect(again.delayedTo).toEqual([]);
    expect(lanes.sending).toBe(0);
  });
});
