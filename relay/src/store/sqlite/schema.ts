import Database from 'better-sqlite3';
import { errorMessage } from '../errorInfo.js';

/**
 * Schema migrations, applied in order. `PRAGMA user_version` holds how many have run.
 * Append new steps; never edit a released one.
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
  // 2: deliveries, their attempts, and per-hook health. No foreign keys to events or hooks: the
  // log of a finished delivery may outlive its event (eventRetentionMax), and hooks live in lowdb.
  `
  CREATE TABLE deliveries (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    hook_id TEXT NOT NULL,
    trigger TEXT NOT NULL CHECK (trigger IN ('scheduled', 'manual', 'test', 'replay')),
    status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    cycle_attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms INTEGER,
    last_status_code INTEGER,
    last_error TEXT,
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL
  );
  -- Due work: the scheduler's queries only ever look at pending rows.
  CREATE INDEX deliveries_due_by_hook ON deliveries (hook_id, next_attempt_ms) WHERE status = 'pending';
  CREATE INDEX deliveries_due ON deliveries (next_attempt_ms) WHERE status = 'pending';
  CREATE INDEX deliveries_hook_seq ON deliveries (hook_id, seq);
  CREATE INDEX deliveries_status_seq ON deliveries (status, seq);
  -- One hook's deliveries in one state: the delivery log's usual filter, and recover.
  CREATE INDEX deliveries_hook_status_seq ON deliveries (hook_id, status, seq);
  CREATE INDEX deliveries_type_seq ON deliveries (event_type, seq);
  CREATE INDEX deliveries_event ON deliveries (event_id);
  CREATE INDEX deliveries_updated_ms ON deliveries (updated_ms);

  -- Deliveries per status, kept in the same transaction as every change, so the metrics gauge
  -- reads four rows instead of counting an index (about 45 ms per million rows). By triggers
  -- until migration 4, by the writer since.
  CREATE TABLE delivery_counts (status TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
  INSERT INTO delivery_counts (status, n) VALUES ('pending', 0), ('succeeded', 0), ('failed', 0), ('cancelled', 0);
  CREATE TRIGGER deliveries_count_insert AFTER INSERT ON deliveries BEGIN
    UPDATE delivery_counts SET n = n + 1 WHERE status = NEW.status;
  END;
  CREATE TRIGGER deliveries_count_delete AFTER DELETE ON deliveries BEGIN
    UPDATE delivery_counts SET n = n - 1 WHERE status = OLD.status;
  END;
  CREATE TRIGGER deliveries_count_update AFTER UPDATE OF status ON deliveries WHEN OLD.status IS NOT NEW.status BEGIN
    UPDATE delivery_counts SET n = n - 1 WHERE status = OLD.status;
    UPDATE delivery_counts SET n = n + 1 WHERE status = NEW.status;
  END;

  CREATE TABLE attempts (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    delivery_id TEXT NOT NULL,
    hook_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    number INTEGER NOT NULL,
    trigger TEXT NOT NULL,
    started_at TEXT NOT NULL,
    started_ms INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    status_code INTEGER,
    error TEXT,
    target_url TEXT NOT NULL,
    response_headers TEXT NOT NULL,
    response_body TEXT,
    next_attempt_at TEXT
  );
  CREATE INDEX attempts_delivery_seq ON attempts (delivery_id, seq);
  CREATE INDEX attempts_hook_seq ON attempts (hook_id, seq);
  CREATE INDEX attempts_started_ms ON attempts (started_ms);

  CREATE TABLE hook_health (
    hook_id TEXT PRIMARY KEY,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    last_success_ms INTEGER,
    last_failure_ms INTEGER
  );
  `,
  // 3: the admin overview counts deliveries created in the last hour and day by status; this
  // covering index makes that a range scan of the window only.
  `
  CREATE INDEX deliveries_created_status ON deliveries (created_ms, status);
  `,
  // 4: \`delivery_counts\` is kept by the writer (SqliteWrites), one UPDATE per status per
  // transaction, instead of a trigger firing per row: the triggers were ~40 % of the cost of
  // writing deliveries and attempts (docs/performance.md). Recounted once, from the rows.
  `
  DROP TRIGGER deliveries_count_insert;
  DROP TRIGGER deliveries_count_delete;
  DROP TRIGGER deliveries_count_update;
  UPDATE delivery_counts SET n = (SELECT count(*) FROM deliveries d WHERE d.status = delivery_counts.status);
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
  return open(file, (db) => migrate(db));
}

/**
 * A second connection for the writer thread, to a database `openEventDatabase` already brought
 * up to date. Same durability settings (they are per connection).
 */
export function openWriteConnection(file: string): Database.Database {
  return open(file, () => undefined);
}

function open(file: string, prepare: (db: Database.Database) => void): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
    prepare(db);
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
