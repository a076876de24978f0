import type Database from 'better-sqlite3';
import type { StoreLimits } from '../types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Rows deleted per transaction: small enough that one chunk never blocks the event loop long. */
export const DEFAULT_PRUNE_CHUNK = 5000;

/**
 * Deletes, oldest first and `chunk` rows per transaction, yielding to the event loop between
 * transactions: events received before `now - eventRetentionDays`, events beyond the newest
 * `eventRetentionMax`, and dedupe keys that have expired. Freed pages are reused by later writes,
 * so the file stops growing at its high-water mark.
 */
export async function pruneEventLog(
  db: Database.Database,
  limits: StoreLimits,
  now: Date,
  chunk = DEFAULT_PRUNE_CHUNK,
): Promise<{ events: number; dedupeKeys: number }> {
  const cutoffMs = now.getTime() - limits.eventRetentionDays * DAY_MS;
  const byAge = db.prepare<[number, number]>(
    'DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE received_ms < ? ORDER BY received_ms LIMIT ?)',
  );
  const oldestKept = db.prepare<[number], { seq: number }>('SELECT seq FROM events ORDER BY seq DESC LIMIT 1 OFFSET ?');
  const byCount = db.prepare<[number, number]>(
    'DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE seq < ? ORDER BY seq LIMIT ?)',
  );
  const expiredKeys = db.prepare<[number, number]>(
    'DELETE FROM dedupe_keys WHERE rowid IN (SELECT rowid FROM dedupe_keys WHERE expires_ms <= ? LIMIT ?)',
  );

  let events = await inChunks(chunk, (size) => byAge.run(cutoffMs, size).changes);
  const boundary = oldestKept.get(limits.eventRetentionMax - 1);
  if (boundary) events += await inChunks(chunk, (size) => byCount.run(boundary.seq, size).changes);
  const dedupeKeys = await inChunks(chunk, (size) => expiredKeys.run(now.getTime(), size).changes);
  return { events, dedupeKeys };
}

/** Runs `step` (one autocommit DELETE of up to `size` rows) until it deletes fewer than `size`. */
async function inChunks(size: number, step: (size: number) => number): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = step(size);
    total += deleted;
    if (deleted < size) return total;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
