/**
 * `delivery_counts` is kept by the writer once per transaction (migration 4), no longer by
 * triggers: after every kind of write, including a batch where one write fails alone and a
 * prune, the four counters equal a real count of the rows.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { failWrite, newDelivery, openLogs, successWrite, type Logs } from '../deliveryTesting.js';
import { makeInsert, makeTempDir } from '../storeTesting.js';

const T0 = new Date('2026-03-03T15:00:00.000Z');
const DAY_MS = 24 * 60 * 60 * 1000;

describe('delivery_counts', () => {
  let file: string;
  let cleanup: () => Promise<void>;
  let logs: Logs;
  beforeEach(async () => {
    const temp = await makeTempDir();
    cleanup = temp.cleanup;
    file = path.join(temp.dir, 'events.sqlite3');
    logs = openLogs(file, { deliveryRetentionDays: 1 });
  });
  afterEach(async () => {
    await logs.close();
    await cleanup();
  });

  /** Counted from the rows, on a connection of its own. */
  function counted(): Record<string, number> {
    const db = new Database(file, { readonly: true });
    try {
      const counts: Record<string, number> = { pending: 0, succeeded: 0, failed: 0, cancelled: 0 };
      for (const { status, n } of db.prepare<[], { status: string; n: number }>('SELECT status, count(*) AS n FROM deliveries GROUP BY status').all()) {
        counts[status] = n;
      }
      return counts;
    } finally {
      db.close();
    }
  }

  async function expectExact(expected: Record<string, number>): Promise<void> {
    expect(counted()).toEqual(expected);
    expect(await logs.deliveries.deliveryCounts()).toEqual(expected);
  }

  it('follow inserts, attempts, recover, cancel, a failing write and prune', async () => {
    const first = { ...makeInsert(), deliveries: [newDelivery('hook_a'), newDelivery('hook_a'), newDelivery('hook_b'), newDelivery('hook_c')] };
    await logs.events.appendEvent(first, T0);
    await expectExact({ pending: 4, succeeded: 0, failed: 0, cancelled: 0 });

    const [a1, a2, b1] = await Promise.all(first.deliveries.slice(0, 3).map(async (d) => logs.deliveries.getDelivery(d.id)));
    if (!a1 || !a2 || !b1) throw new Error('deliveries missing');
    // One batch: a success, a final failure, and a write that fails alone (same event id again).
    const results = await Promise.allSettled([
      logs.deliveries.recordAttempt(successWrite(a1, T0), T0),
      logs.deliveries.recordAttempt(failWrite(a2, T0), T0),
      logs.events.appendEvent({ ...makeInsert(), envelope: first.envelope, dedupeKeys: [], deliveries: [newDelivery('hook_a')] }, T0),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    await expectExact({ pending: 2, succeeded: 1, failed: 1, cancelled: 0 });

    expect(await logs.deliveries.requeueFailed('hook_a', new Date(0), T0)).toBe(1);
    await expectExact({ pending: 3, succeeded: 1, failed: 0, cancelled: 0 });

    expect(await logs.deliveries.cancelPending('hook_a', T0)).toBe(1);
    await expectExact({ pending: 2, succeeded: 1, failed: 0, cancelled: 1 });

    await logs.deliveries.addDeliveries(first.envelope.id, first.envelope.type, [newDelivery('hook_d', 'replay')], T0);
    await expectExact({ pending: 3, succeeded: 1, failed: 0, cancelled: 1 });

    // Finished deliveries past the one-day retention go; pending ones stay.
    const pruned = await logs.events.prune(new Date(T0.getTime() + 2 * DAY_MS));
    expect(pruned.deliveries).toBe(2);
    await expectExact({ pending: 3, succeeded: 0, failed: 0, cancelled: 0 });
  });
});
