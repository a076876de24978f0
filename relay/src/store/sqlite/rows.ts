import type { EventEnvelope } from '../../events/envelope.js';
import { InvalidCursorError, type RejectionRecord, type StoredEvent } from '../types.js';

/** One row of `events`, as better-sqlite3 returns it (BLOBs come back as Buffers). */
export interface EventRow {
  seq: number;
  envelope: string;
  raw_method: string;
  raw_content_type: string | null;
  raw_body: Buffer;
}

/** The columns every event read selects, in `EventRow` order. */
export const EVENT_COLUMNS = 'seq, envelope, raw_method, raw_content_type, raw_body';

export function toStoredEvent(row: EventRow): StoredEvent {
  // The envelope column is written only by this store, from a typed EventEnvelope.
  const envelope = JSON.parse(row.envelope) as EventEnvelope;
  return {
    envelope,
    raw: { method: row.raw_method, contentType: row.raw_content_type, body: Buffer.from(row.raw_body) },
  };
}

export function toRejection(row: { record: string }): RejectionRecord {
  return JSON.parse(row.record) as RejectionRecord;
}

/** Cursors are the base64url of the last returned `seq`; opaque to clients. */
export function encodeCursor(seq: number): string {
  return Buffer.from(String(seq), 'utf8').toString('base64url');
}

/** Throws `InvalidCursorError` for anything `encodeCursor` could not have produced. */
export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const seq = Number(text);
  if (!/^[1-9][0-9]{0,15}$/.test(text) || !Number.isSafeInteger(seq) || encodeCursor(seq) !== cursor) {
    throw new InvalidCursorError(cursor);
  }
  return seq;
}
