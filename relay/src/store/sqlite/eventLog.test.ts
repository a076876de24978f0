import path from 'node:path';
import Database from 'better-sqlite3';
import { makeInsert, makeTempDir, openEventLog } from '../storeTesting.js';
import type { SqliteEventLog } from './eventLog.js';

const NOW = new Date('2026-03-03T15:01:10.000Z');
const HOUR_MS = 3_600_000;

describe('SqliteEventLog appendEvent', () => {
  let file: string;
  let cleanup: () => Promise<void>;
  let log: SqliteEventLog;
  beforeEach(async () => {
    const temp = await makeTempDir();
    cleanup = temp.cleanup;
    file = path.join(temp.dir, 'events.sqlite3');
    log = openEventLog(file);
  });
  afterEach(async () => {
    log.close();
    await cleanup();
  });

  it('stores 300 concurrent appends in fewer transactions than appends, all there after a reopen', async () => {
    const outcomes = await Promise.all(Array.from({ length: 300 }, () => log.appendEvent(makeInsert(), NOW)));
    expect(outcomes.every((outcome) => !outcome.duplicate)).toBe(true);
    expect(log.stats()).toMatchObject({ jobs: 300 });
    expect(log.stats().transactions).toBeLessThan(300);
    log.close();
    log = openEventLog(file);
    expect(await log.countEvents()).toBe(300);
  });

  it('resolves only once the event is committed and visible to another connection', async () => {
    const insert = makeInsert();
    await log.appendEvent(insert, NOW);
    const other = new Database(file, { readonly: true });
    try {
      expect(other.prepare('SELECT id FROM events').all()).toEqual([{ id: insert.envelope.id }]);
    } finally {
      other.close();
    }
  });

  it('reads back the envelope and the raw body as a Buffer', async () => {
    const insert = makeInsert({ body: Buffer.from([0, 1, 2, 255]) });
    await log.appendEvent(insert, NOW);
    const stored = await log.getEvent(insert.envelope.id);
    expect(stored?.envelope).toEqual(insert.envelope);
    expect(stored?.raw.method).toBe('POST');
    expect(stored?.raw.contentType).toBe('application/json');
    expect(Buffer.isBuffer(stored?.raw.body)).toBe(true);
    expect(stored?.raw.body.equals(Buffer.from([0, 1, 2, 255]))).toBe(true);
    expect(await log.getEvent('evt_missing')).toBeNull();
  });

  it('answers a known key from the same source as a duplicate of the first event, writing nothing', async () => {
    const first = makeInsert({ dedupeKeys: ['webhook-id:abc'] });
    await log.appendEvent(first, NOW);
    const again = await log.appendEvent(makeInsert({ dedupeKeys: ['webhook-id:abc'] }), NOW);
    expect(again).toEqual({ duplicate: true, eventId: first.envelope.id });
    expect(await log.countEvents()).toBe(1);
  });

  it('matches when any one of the keys is known', async () => {
    const first = makeInsert({ dedupeKeys: ['clarityflow-id:1'] });
    await log.appendEvent(first, NOW);
    const again = makeInsert({ dedupeKeys: ['idempotency-key:x', 'clarityflow-id:1'] });
    expect(await log.appendEvent(again, NOW)).toEqual({ duplicate: true, eventId: first.envelope.id });
  });

  it('does not treat the same key from another source as a duplicate', async () => {
    await log.appendEvent(makeInsert({ sourceId: 'src_a', dedupeKeys: ['webhook-id:abc'] }), NOW);
    const other = makeInsert({ sourceId: 'src_b', dedupeKeys: ['webhook-id:abc'] });
    expect(await log.appendEvent(other, NOW)).toEqual({ duplicate: false, eventId: other.envelope.id });
  });

  it('does not treat an expired key as a duplicate, and the new event takes the key over', async () => {
    await log.appendEvent(makeInsert({ dedupeKeys: ['webhook-id:abc'] }), NOW);
    const later = new Date(NOW.getTime() + 72 * HOUR_MS);
    const second = makeInsert({ dedupeKeys: ['webhook-id:abc'] });
    expect(await log.appendEvent(second, later)).toEqual({ duplicate: false, eventId: second.envelope.id });
    const third = await log.appendEvent(makeInsert({ dedupeKeys: ['webhook-id:abc'] }), later);
    expect(third).toEqual({ duplicate: true, eventId: second.envelope.id });
  });

  it('treats the second of two same-key appends in one batch as a duplicate of the first', async () => {
    const first = makeInsert({ dedupeKeys: ['webhook-id:same'] });
    const [a, b] = await Promise.all([
      log.appendEvent(first, NOW),
      log.appendEvent(makeInsert({ dedupeKeys: ['webhook-id:same'] }), NOW),
    ]);
    expect(log.stats().transactions).toBe(1);
    expect(a).toEqual({ duplicate: false, eventId: first.envelope.id });
    expect(b).toEqual({ duplicate: true, eventId: first.envelope.id });
  });

  it('rejects only the append that fails inside a batch; the others commit', async () => {
    const ok1 = makeInsert();
    const clash = makeInsert({ id: ok1.envelope.id });
    const ok2 = makeInsert();
    const results = await Promise.allSettled([ok1, clash, ok2].map((insert) => log.appendEvent(insert, NOW)));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log.stats().transactions).toBe(1);
    expect(await log.countEvents()).toBe(2);
  });

  it('rejects every append of a batch whose commit fails, and writes none of them', async () => {
    // A deferred foreign key is checked at COMMIT: any event insert makes the commit itself fail.
    const setup = new Database(file);
    setup.exec(`
      CREATE TABLE parent (id TEXT PRIMARY KEY);
      CREATE TABLE child (parent_id TEXT REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);
      CREATE TRIGGER poison AFTER INSERT ON events BEGIN INSERT INTO child VALUES ('nobody'); END;
    `);
    setup.close();
    const inserts = [makeInsert(), makeInsert({ dedupeKeys: ['webhook-id:k'] }), makeInsert()];
    const results = await Promise.allSettled(inserts.map((insert) => log.appendEvent(insert, NOW)));
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    expect(await log.countEvents()).toBe(0);
    const retry = makeInsert({ dedupeKeys: ['webhook-id:k'] });
    const cure = new Database(file);
    cure.exec('DROP TRIGGER poison');
    cure.close();
    expect(await log.appendEvent(retry, NOW)).toEqual({ duplicate: false, eventId: retry.envelope.id });
  });

  it('refuses appends once closed', async () => {
    log.close();
    await expect(log.appendEvent(makeInsert(), NOW)).rejects.toThrow(/closed/);
  });
});
