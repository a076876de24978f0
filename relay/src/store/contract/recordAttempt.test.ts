import { failWrite, makeAttempt, newDelivery, retryWrite, successWrite } from '../deliveryTesting.js';
import { RESPONSE_BODY_LIMIT, type AttemptWrite, type DeliveryRecord, type DeliveryTrigger } from '../types.js';
import { storeKinds, useTestStore } from './harness.js';

const NOW = new Date('2026-03-03T15:01:10.000Z');
const at = (seconds: number): Date => new Date(NOW.getTime() + seconds * 1000);

describe.each(storeKinds())('%s store: recordAttempt', (kind) => {
  const t = useTestStore(kind);

  async function add(hookId = 'hook_a', trigger: DeliveryTrigger = 'scheduled'): Promise<DeliveryRecord> {
    const delivery = newDelivery(hookId, trigger);
    await t().store.addDeliveries('evt_1', 'clarky.booking.confirmed', [delivery], NOW);
    return current(delivery.id);
  }

  async function current(id: string): Promise<DeliveryRecord> {
    const stored = await t().store.getDelivery(id);
    if (!stored) throw new Error(`delivery ${id} not stored`);
    return stored;
  }

  async function record(write: AttemptWrite, now: Date): Promise<DeliveryRecord> {
    await t().store.recordAttempt(write, now);
    return current(write.attempt.delivery_id);
  }

  async function attemptsOf(id: string): Promise<number> {
    const page = await t().store.listDeliveries({ eventId: 'evt_1', limit: 500 });
    return page.deliveries.find((d) => d.id === id)?.attempts_log.length ?? -1;
  }

  it('keeps a retried delivery pending until its next time, with the attempt counted and its result kept', async () => {
    const delivery = await add();
    const after = await record(retryWrite(delivery, NOW, at(60)), at(1));
    expect(after).toMatchObject({
      status: 'pending',
      attempts: 1,
      cycle_attempts: 1,
      next_attempt_at: at(60).toISOString(),
      last_status_code: 500,
      last_error: 'HTTP 500',
      updated_at: at(1).toISOString(),
    });
    expect(await t().store.dueDeliveries('hook_a', at(59), 10, [])).toEqual([]);
    expect(await t().store.dueDeliveries('hook_a', at(60), 10, [])).toEqual([after]);
    expect(await t().store.consecutiveFailures('hook_a')).toBe(0);
  });

  it('marks a delivery succeeded, clears its schedule and last error, and resets the hook failure count', async () => {
    const failed = await add();
    await record(failWrite(failed, NOW), NOW);
    const delivery = await add();
    await record(retryWrite(delivery, NOW, at(60)), NOW);
    expect(await t().store.consecutiveFailures('hook_a')).toBe(1);

    const after = await record(successWrite(await current(delivery.id), at(60)), at(61));
    expect(after).toMatchObject({ status: 'succeeded', attempts: 2, next_attempt_at: null, last_status_code: 200, last_error: null });
    expect(await t().store.consecutiveFailures('hook_a')).toBe(0);
  });

  it('counts each finally failed delivery of the hook, and only that hook', async () => {
    for (const delivery of [await add(), await add(), await add()]) await record(failWrite(delivery, NOW), NOW);
    await record(failWrite(await add('hook_b'), NOW), NOW);
    expect(await t().store.consecutiveFailures('hook_a')).toBe(3);
    expect(await t().store.consecutiveFailures('hook_b')).toBe(1);
    expect(await t().store.consecutiveFailures('hook_none')).toBe(0);
  });

  it('does not count a manual retry of a failed delivery that fails again as another failure', async () => {
    const failed = await record(failWrite(await add(), NOW), NOW);
    const manual = await record(failWrite({ ...failed, trigger: 'manual' }, at(5), false), at(5));
    expect(manual).toMatchObject({ status: 'failed', attempts: 2, cycle_attempts: 1 });
    expect(await t().store.consecutiveFailures('hook_a')).toBe(1);
  });

  it('counts a delivery that fails again after a recover', async () => {
    const delivery = await add();
    await record(failWrite(delivery, NOW), NOW);
    await t().store.requeueFailed('hook_a', NOW, at(10));
    const again = await record(failWrite(await current(delivery.id), at(10)), at(10));
    expect(again).toMatchObject({ status: 'failed', attempts: 2, cycle_attempts: 1 });
    expect(await t().store.consecutiveFailures('hook_a')).toBe(2);
  });

  it('leaves the hook failure count alone for test deliveries', async () => {
    await record(failWrite(await add(), NOW), NOW);
    await record(failWrite(await add('hook_a', 'test'), NOW), NOW);
    await record(successWrite(await add('hook_a', 'test'), NOW), NOW);
    expect(await t().store.consecutiveFailures('hook_a')).toBe(1);
  });

  it('records the same attempt only once, even when written concurrently', async () => {
    const delivery = await add();
    const write = retryWrite(delivery, NOW, at(60));
    await Promise.all([t().store.recordAttempt(write, NOW), t().store.recordAttempt(write, NOW)]);
    await t().store.recordAttempt(write, NOW);
    expect(await current(delivery.id)).toMatchObject({ attempts: 1, cycle_attempts: 1 });
    expect(await attemptsOf(delivery.id)).toBe(1);
  });

  it('ignores an attempt on a delivery that does not exist, writing nothing', async () => {
    const ghost = { id: 'dlv_gone', hook_id: 'hook_a', event_id: 'evt_1', attempts: 0, trigger: 'scheduled' as const };
    const write: AttemptWrite = { attempt: makeAttempt(ghost, NOW), status: 'failed', nextAttemptAt: null, countsInCycle: true };
    await expect(t().store.recordAttempt(write, NOW)).resolves.toBeNull();
    expect(await t().store.consecutiveFailures('hook_a')).toBe(0);
    expect(await t().store.getDelivery('dlv_gone')).toBeNull();
  });

  it('keeps a cancelled delivery cancelled when its in-flight attempt asks for a retry, logging the attempt', async () => {
    const delivery = await add();
    await t().store.cancelPending('hook_a', at(1));
    const after = await record(retryWrite(delivery, NOW, at(60)), at(2));
    expect(after).toMatchObject({ status: 'cancelled', attempts: 1, next_attempt_at: null, last_status_code: 500 });
    expect(await attemptsOf(delivery.id)).toBe(1);
    expect(await t().store.nextDueAt()).toBeNull();
  });

  it('records a success that lands after the delivery was cancelled', async () => {
    const delivery = await add();
    await t().store.cancelPending('hook_a', at(1));
    expect(await record(successWrite(delivery, NOW), at(2))).toMatchObject({ status: 'succeeded', attempts: 1 });
  });

  it('refuses a pending result without a valid next attempt time, writing nothing', async () => {
    const delivery = await add();
    const noTime: AttemptWrite = { ...retryWrite(delivery, NOW, at(60)), nextAttemptAt: null };
    const badTime: AttemptWrite = { ...retryWrite(delivery, NOW, at(60)), nextAttemptAt: new Date(Number.NaN) };
    await expect(t().store.recordAttempt(noTime, NOW)).rejects.toThrow(/`nextAttemptAt`.*pending/);
    await expect(t().store.recordAttempt(badTime, NOW)).rejects.toThrow(RangeError);
    expect(await current(delivery.id)).toEqual(delivery);
  });

  it('ignores a next attempt time given with a final status', async () => {
    const delivery = await add();
    const write: AttemptWrite = { ...failWrite(delivery, NOW), nextAttemptAt: at(60) };
    expect(await record(write, NOW)).toMatchObject({ status: 'failed', next_attempt_at: null });
  });

  it(`keeps the first ${RESPONSE_BODY_LIMIT} characters of a response body, and one holding NUL`, async () => {
    const delivery = await add();
    const write = successWrite(delivery, NOW);
    await t().store.recordAttempt({ ...write, attempt: { ...write.attempt, response_body: 'x'.repeat(9000) } }, NOW);
    const other = await add();
    const odd = retryWrite(other, NOW, at(60));
    await t().store.recordAttempt({ ...odd, attempt: { ...odd.attempt, response_body: 'a\u0000b', error: 'HTTP 500 \u0000' } }, NOW);
    const page = await t().store.listDeliveries({ eventId: 'evt_1', limit: 10 });
    const body = (id: string): string | null | undefined => page.deliveries.find((d) => d.id === id)?.attempts_log[0]?.response_body;
    expect(body(delivery.id)).toHaveLength(RESPONSE_BODY_LIMIT);
    expect(body(other.id)).toMatch(/^a.b$/);
  });
});
