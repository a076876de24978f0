/** SQLite specifics (one group-commit transaction, visibility to other connections); behaviour for every store is in ../contract/. */
import path from 'node:path';
import Database from 'better-sqlite3';
import { newDelivery, openLogs, type Logs } from '../deliveryTesting.js';
import { makeInsert, makeTempDir } from '../storeTesting.js';
import type { DeliveryRecord } from '../types.js';

const NOW = new Date('2026-03-03T15:01:10.000Z');

describe('appendEvent with deliveries', () => {
  let file: string;
  let cleanup: () => Promise<void>;
  let logs: Logs;
  beforeEach(async () => {
    const temp = await makeTempDir();
    cleanup = temp.cleanup;
    file = path.join(temp.dir, 'events.sqlite3');
    logs = openLogs(file);
  });
  afterEach(async () => {
    logs.close();
    await cleanup();
  });

  it('commits the event and its pending deliveries in one transaction, all there after a reopen', async () => {
    const insert = { ...makeInsert(), deliveries: [newDelivery('hook_a'), newDelivery('hook_b', 'replay')] };
    await logs.events.appendEvent(insert, NOW);
    expect(logs.events.stats()).toMatchObject({ transactions: 1, jobs: 1 });
    logs.close();

    logs = openLogs(file);
    const page = await logs.deliveries.listDeliveries({ eventId: insert.envelope.id, limit: 10 });
    expect(page.deliveries.map(({ attempts_log, ...delivery }) => delivery)).toEqual(
      [...insert.deliveries].reverse().map(
        (d): DeliveryRecord => ({
          id: d.id,
          event_id: insert.envelope.id,
          event_type: 'clarky.booking.confirmed',
          hook_id: d.hook_id,
          trigger: d.trigger,
          status: 'pending',
          attempts: 0,
          cycle_attempts: 0,
          next_attempt_at: NOW.toISOString(),
          last_status_code: null,
          last_error: null,
          created_at: NOW.toISOString(),
          updated_at: NOW.toISOString(),
        }),
      ),
    );
    expect(page.deliveries.every((d) => d.attempts_log.length === 0)).toBe(true);
  });

  it('has the deliveries committed and visible to another connection when the append resolves', async () => {
    const insert = { ...makeInsert(), deliveries: [newDelivery('hook_a')] };
    await logs.events.appendEvent(insert, NOW);
    const other = new Database(file, { readonly: true });
    try {
      expect(other.prepare('SELECT id, status FROM deliveries').all()).toEqual([
        { id: insert.deliveries[0]?.id, status: 'pending' },
      ]);
    } finally {
      other.close();
    }
  });


  it('adds deliveries through the group committer, sharing the transaction of concurrent appends', async () => {
    const delivery = newDelivery('hook_a', 'test');
    await Promise.all([
      logs.events.appendEvent(makeInsert(), NOW),
      logs.deliveries.addDeliveries('evt_sample', 'clarky.booking.confirmed', [delivery], NOW),
    ]);
    expect(logs.events.stats()).toMatchObject({ transactions: 1, jobs: 2 });
    expect(await logs.deliveries.getDelivery(delivery.id)).toMatchObject({ trigger: 'test', status: 'pending' });
  });
});
