import path from 'node:path';
import Database from 'better-sqlite3';
import { makeTempDir } from '../storeTesting.js';
import { MIGRATIONS, openEventDatabase } from './schema.js';

describe('openEventDatabase migrations', () => {
  let file: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    const temp = await makeTempDir();
    cleanup = temp.cleanup;
    file = path.join(temp.dir, 'events.sqlite3');
  });
  afterEach(() => cleanup());

  it('brings a version 1 event log up to date, keeping its events', async () => {
    const v1 = new Database(file);
    v1.exec(MIGRATIONS[0] ?? '');
    v1.pragma('user_version = 1');
    v1.prepare(
      `INSERT INTO events (id, source_id, vendor, type, received_at, received_ms, envelope, raw_method, raw_body)
       VALUES ('evt_old', 'src_a', 'clarky', 'clarky.booking.confirmed', '2026-03-01T00:00:00.000Z', 0, '{}', 'POST', x'00')`,
    ).run();
    v1.close();

    const db = openEventDatabase(file);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all();
      expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['deliveries', 'attempts', 'hook_health']));
      expect(db.prepare('SELECT id FROM events').all()).toEqual([{ id: 'evt_old' }]);
      expect(db.prepare('SELECT status, n FROM delivery_counts ORDER BY status').all()).toEqual([
        { status: 'cancelled', n: 0 },
        { status: 'failed', n: 0 },
        { status: 'pending', n: 0 },
        { status: 'succeeded', n: 0 },
      ]);
    } finally {
      db.close();
    }
  });

  it('refuses a delivery with a status outside the four known', () => {
    const db = openEventDatabase(':memory:');
    const insert = db.prepare(
      `INSERT INTO deliveries (id, event_id, event_type, hook_id, trigger, status, created_ms, updated_ms)
       VALUES ('dlv_1', 'evt_1', 'clarky.x', 'hook_a', 'scheduled', ?, 0, 0)`,
    );
    let error: unknown;
    try {
      insert.run('delivered');
    } catch (caught) {
      error = caught;
    }
    // By code, not toThrow: better-sqlite3's errors may come from another jest realm (see errorInfo.ts).
    expect(error).toHaveProperty('code', 'SQLITE_CONSTRAINT_CHECK');
    db.close();
  });
});
