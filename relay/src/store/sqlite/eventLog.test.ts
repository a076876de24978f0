/** SQLite specifics (group commit, visibility to other connections); the behaviour of appendEvent for every store is in ../contract/. */
import path from 'node:path';
import Database from 'better-sqlite3';
import { makeInsert, makeTempDir, openEventLog } from '../storeTesting.js';
import type { SqliteEventLog } from './eventLog.js';

const NOW = new Date('2026-03-03T15:01:10.000Z');

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
