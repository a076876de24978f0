import { failWrite, makeHook, newDelivery, successWrite } from '../deliveryTesting.js';
import { makeInsert } from '../storeTesting.js';
import type { DeliveryRecord } from '../types.js';
import { openTestStore, storeKinds, useTestStore } from './harness.js';

const NOW = new Date('2026-03-03T15:01:10.000Z');

describe.each(storeKinds())('%s store: lifecycle', (kind) => {
  const t = useTestStore(kind);

  it('says what it is, is ready while open, not after close, and close is idempotent', async () => {
    const { store } = t();
    expect(store.kind).toBe(kind);
    expect(store.isReady()).toBe(true);
    await Promise.all([store.close(), store.close()]);
    await store.close();
    expect(store.isReady()).toBe(false);
  });

  it('commits appends still queued when close() is called', async () => {
    const { store } = t();
    const pending = Array.from({ length: 20 }, () => store.appendEvent(makeInsert(), NOW));
    await store.close();
    await expect(Promise.all(pending)).resolves.toHaveLength(20);
    expect(await (await t().reopen()).countEvents()).toBe(20);
  });

  it('keeps hooks, deliveries, attempts and hook health across a reopen', async () => {
    const { store } = t();
    await store.createHook(makeHook('hook_a'));
    const insert = { ...makeInsert(), deliveries: [newDelivery('hook_a'), newDelivery('hook_a')] };
    await store.appendEvent(insert, NOW);
    const [ok, bad] = await Promise.all(insert.deliveries.map((d) => store.getDelivery(d.id)));
    await store.recordAttempt(failWrite(bad as DeliveryRecord, NOW), NOW);
    await store.recordAttempt(successWrite(ok as DeliveryRecord, NOW), new Date(NOW.getTime() + 1000));

    const second = await t().reopen();
    expect(await second.listHooks()).toEqual([makeHook('hook_a')]);
    const page = await second.listDeliveries({ hookId: 'hook_a', limit: 10 });
    expect(page.deliveries.map((d) => [d.status, d.attempts_log.length])).toEqual([
      ['failed', 1],
      ['succeeded', 1],
    ]);
    expect(await second.deliveryCounts()).toEqual({ pending: 0, succeeded: 1, failed: 1, cancelled: 0 });
    expect(await second.consecutiveFailures('hook_a')).toBe(0);
    expect(await second.hookHealth()).toEqual([
      {
        hook_id: 'hook_a',
        consecutive_failures: 0,
        last_success_at: new Date(NOW.getTime() + 1000).toISOString(),
        last_failure_at: NOW.toISOString(),
      },
    ]);
  });

  it.each([
    ['dedupeTtlHours', 2, 'Expected `dedupeTtlHours` to be a finite number >= 24, got 2'],
    ['deliveryRetentionDays', 0, 'Expected `deliveryRetentionDays` to be a finite number > 0, got 0'],
  ])('refuses %s out of range, naming the field', async (key, value, message) => {
    await expect(openTestStore(kind, { limits: { [key]: value } })).rejects.toThrow(message);
  });
});
