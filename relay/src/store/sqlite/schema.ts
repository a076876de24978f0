import Database from 'better-sqlite3';
import { errorMessage } from '../errorInfo.js';

/**
 * Schema migrations, applied in order. `PRAGMA user_version` holds how many have run.
 * Append new steps (deliveries, attempts); never edit a released one.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    source_id TEXT NOT NULL,
    vendor TEXT NOT NULL,
    type TEXT NOT NULL,
    received_at TEXT NOT NULL,
    received_ms INTEGER NOT NULL,
    envelope TEXT NOT NULL,
    raw_method TEXT NOT NULL,
    raw_content_type TEXT,
    raw_body BLOB NOT NULL
  );
  CREATE INDEX events_type_seq ON events (type, seq);
  CREATE INDEX events_vendor_seq ON events (vendor, seq);
  CREATE INDEX events_source_seq ON events (source_id, seq);
  CREATE INDEX events_received_ms ON events (received_ms);

  -- No foreign key to events: a key outlives its event when retention drops the event early,
  -- and must still stop a second delivery.
  CREATE TABLE dedupe_keys (
    source_id TEXT NOT NULL,
    key TEXT NOT NULL,
    event_id TEXT NOT NULL,
    expires_ms INTEGER NOT NULL,
    PRIMARY KEY (source_id, key)
  );
  CREATE INDEX dedupe_keys_expires_ms ON dedupe_keys (expires_ms);

  CREATE TABLE rejections (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    source_id TEXT NOT NULL,
    received_at TEXT NOT NULL,
    record TEXT NOT NULL
  );
  CREATE INDEX rejections_source_seq ON rejections (source_id, seq);
  `,
];

/** Caps the WAL file after checkpoints, so a burst does not leave a large file behind. */
const JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024;

/**
 * Opens (creating if needed) the event database and brings its schema up to date.
 * `synchronous = FULL` in WAL mode fsyncs the WAL on every commit: a commit that returned
 * survives power loss. Errors name the file and say how to recover.
 */
export function openEventDatabase(file: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
    migrate(db);
    return db;
  } catch (error) {
    db?.close();
    const why = errorMessage(error);
    throw new Error(
      `Cannot open the event log ${file}: ${why}. ` +
        'Restore it (with its -wal file) from a backup, or move it away to start with an empty event log.',
      { cause: error },
    );
  }
}

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true });
  if (typeof current !== 'number') throw new Error(`unexpected user_version ${String(current)}`);
  if (current > MIGRATIONS.length) {
    throw new Error(
      `its schema version is ${current}, written by a newer Switchboard (this one knows up to ${MIGRATIONS.length})`,
    );
  }
  MIGRATIONS.slice(current).forEach((sql, offset) => {
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${current + offset + 1}`);
    })();
  });
}
