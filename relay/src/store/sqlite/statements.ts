import type Database from 'better-sqlite3';
import { UNAUTHENTICATED_CODES_SQL } from '../rejectionBuckets.js';
import { EVENT_COLUMNS, type EventRow } from './rows.js';

/** 1 when a rejection row is in the unauthenticated bucket, else 0 (SQLite's IN yields 0 or 1). */
const UNAUTHENTICATED_ROW = `(json_extract(record, '$.code') IN (${UNAUTHENTICATED_CODES_SQL}))`;

export interface EventParams {
  id: string;
  source_id: string;
  vendor: string;
  type: string;
  received_at: string;
  received_ms: number;
  envelope: string;
  raw_method: string;
  raw_content_type: string | null;
  raw_body: Buffer;
}

/** Every statement the event log runs, prepared once per database. */
export function prepareStatements(db: Database.Database) {
  return {
    findKey: db.prepare<[string, string, number], { event_id: string }>(
      'SELECT event_id FROM dedupe_keys WHERE source_id = ? AND key = ? AND expires_ms > ?',
    ),
    insertEvent: db.prepare<[EventParams]>(
      `INSERT INTO events (id, source_id, vendor, type, received_at, received_ms, envelope, raw_method, raw_content_type, raw_body)
       VALUES (@id, @source_id, @vendor, @type, @received_at, @received_ms, @envelope, @raw_method, @raw_content_type, @raw_body)`,
    ),
    // An expired key still in the table (not yet pruned) counts as absent and is taken over.
    putKey: db.prepare<[string, string, string, number]>(
      `INSERT INTO dedupe_keys (source_id, key, event_id, expires_ms) VALUES (?, ?, ?, ?)
       ON CONFLICT (source_id, key) DO UPDATE SET event_id = excluded.event_id, expires_ms = excluded.expires_ms`,
    ),
    getEvent: db.prepare<[string], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE id = ?`),
    countEvents: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM events'),
    insertRejection: db.prepare<[string, string, string, string]>(
      'INSERT INTO rejections (id, source_id, received_at, record) VALUES (?, ?, ?, ?)',
    ),
    // Trims one bucket (see rejectionBuckets.ts): `unauthenticated` is 1 or 0.
    trimRejections: db.prepare<{ source_id: string; unauthenticated: number; keep: number }>(
      `DELETE FROM rejections WHERE source_id = @source_id AND ${UNAUTHENTICATED_ROW} = @unauthenticated AND seq <=
         (SELECT seq FROM rejections WHERE source_id = @source_id AND ${UNAUTHENTICATED_ROW} = @unauthenticated
          ORDER BY seq DESC LIMIT 1 OFFSET @keep)`,
    ),
    listRejections: db.prepare<[string, number], { record: string }>(
      'SELECT record FROM rejections WHERE source_id = ? ORDER BY seq DESC LIMIT ?',
    ),
    deleteRejections: db.prepare<[string]>('DELETE FROM rejections WHERE source_id = ?'),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
