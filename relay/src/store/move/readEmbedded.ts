import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { CONFIG_FILE, EVENTS_FILE } from '../embedded.js';
import { errorMessage } from '../errorInfo.js';
import { parseConfig, type ConfigData } from '../lowdb/configData.js';
import { openEventDatabase } from '../sqlite/schema.js';

/**
 * The embedded installation being moved: `config.json` parsed whole (it is small), and
 * `events.sqlite3` read page by page inside one read transaction, so every table is copied from
 * the same snapshot even if something writes meanwhile (the relay should be stopped anyway).
 */
export interface EmbeddedSnapshot {
  config: ConfigData;
  db: Database.Database;
  close(): void;
}

export async function openEmbeddedSnapshot(dataDir: string): Promise<EmbeddedSnapshot> {
  const configFile = path.join(dataDir, CONFIG_FILE);
  const eventsFile = path.join(dataDir, EVENTS_FILE);
  for (const file of [configFile, eventsFile]) {
    try {
      await access(file);
    } catch {
      throw new Error(`SWITCHBOARD_DATA_DIR: expected an embedded installation with ${file}, found none (is ${dataDir} the relay's data folder?)`);
    }
  }
  let config: ConfigData;
  try {
    config = parseConfig(JSON.parse(await readFile(configFile, 'utf8')));
  } catch (error) {
    throw new Error(`Cannot read ${configFile}: ${errorMessage(error)}`, { cause: error });
  }
  // Brings an older event log's schema up to date, as the relay of this version would at start.
  const db = openEventDatabase(eventsFile);
  db.exec('BEGIN');
  return {
    config,
    db,
    close: () => {
      if (db.inTransaction) db.exec('COMMIT');
      db.close();
    },
  };
}

export interface PageQuery {
  table: string;
  columns: string;
  /** Narrows the rows (SQL over the table's columns). @default all rows */
  where?: string;
  /** The ordering key: `seq`, or `rowid` for tables without one. @default 'seq' */
  key?: 'seq' | 'rowid';
}

/**
 * Rows in key order (so creation order is kept), `pageSize` at a time (keyset on the key, which
 * comes back as `seq`). Only one page is in memory at once.
 */
export function* pagesOf<Row extends { seq: number }>(db: Database.Database, query: PageQuery, pageSize: number): Generator<Row[]> {
  const key = query.key ?? 'seq';
  const statement = db.prepare<[number, number], Row>(
    `SELECT ${key} AS seq, ${query.columns} FROM ${query.table} WHERE ${key} > ? AND (${query.where ?? '1 = 1'}) ORDER BY ${key} LIMIT ?`,
  );
  let after = 0;
  for (;;) {
    const rows = statement.all(after, pageSize);
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]?.seq ?? after;
    if (rows.length < pageSize) return;
  }
}
