import pg from 'pg';
import { errorMessage } from '../errorInfo.js';
import { migrate } from '../postgres/migrate.js';
import { insertRows, type Column } from './pgInsert.js';
import { openEmbeddedSnapshot, pagesOf, type EmbeddedSnapshot } from './readEmbedded.js';
import {
  API_KEY_MOVE,
  ATTEMPT_MOVE,
  DELIVERY_MOVE,
  HOOK_HEALTH_MOVE,
  HOOK_MOVE,
  REJECTION_MOVE,
  SOURCE_MOVE,
  dedupeKeyMove,
  eventMove,
  type TableMove,
} from './tables.js';

export interface MoveOptions {
  dataDir: string;
  databaseUrl: string;
  /** Copy only the newest this many events (plus any a pending delivery needs). @default all */
  events?: number;
  /** Copy into a database that already holds configuration or events (rows already there are kept). @default false */
  force?: boolean;
  /** Rows per read and per INSERT. @default 500 */
  pageSize?: number;
  now?: Date;
  progress?(line: string): void;
}

/** Per table: rows read from the embedded store, and rows inserted (fewer when some were already there). */
export type MoveSummary = Record<string, { read: number; inserted: number }>;

/**
 * Copies an embedded installation into PostgreSQL: sources, API keys and hooks as stored (token
 * and key hashes, signing secrets, auth), events with their ids, unexpired dedupe keys,
 * rejections, deliveries (pending ones are the queue), attempts and hook health. Brings the
 * schema up to date first, then writes everything in ONE transaction: interrupted, the database
 * is left as it was. Every insert is ON CONFLICT DO NOTHING, so with `force` it merges.
 * The relay must be stopped: events it accepts during the move would stay behind.
 */
export async function moveToPostgres(options: MoveOptions): Promise<MoveSummary> {
  const progress = options.progress ?? (() => undefined);
  const pageSize = options.pageSize ?? 500;
  const snapshot = await openEmbeddedSnapshot(options.dataDir);
  try {
    await migrate(options.databaseUrl);
    const client = new pg.Client({ connectionString: options.databaseUrl, application_name: 'switchboard-move' });
    try {
      await client.connect();
    } catch (error) {
      throw new Error(`Cannot connect to PostgreSQL (SWITCHBOARD_DATABASE_URL): ${errorMessage(error)}`, { cause: error });
    }
    try {
      if (!options.force) await refuseNonEmpty(client);
      await client.query('BEGIN');
      const summary = await copyAll(client, snapshot, { ...options, pageSize }, progress);
      await client.query('COMMIT');
      return summary;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await client.end();
    }
  } finally {
    snapshot.close();
  }
}

async function refuseNonEmpty(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ name: string; n: string }>(
    `SELECT 'sources' AS name, count(*) AS n FROM sources UNION ALL SELECT 'hooks', count(*) FROM hooks UNION ALL SELECT 'events', count(*) FROM events`,
  );
  const held = rows.filter((row) => Number(row.n) > 0).map((row) => `${row.n} ${row.name}`);
  if (held.length > 0) {
    throw new Error(
      `The PostgreSQL database already holds ${held.join(', ')}. Move into an empty database, ` +
        'or pass --force to merge (rows whose id is already there are kept as they are).',
    );
  }
}

async function copyAll(client: pg.Client, snapshot: EmbeddedSnapshot, options: MoveOptions & { pageSize: number }, progress: (line: string) => void): Promise<MoveSummary> {
  const summary: MoveSummary = {};
  const note = (table: string, read: number, inserted: number): void => {
    summary[table] = { read, inserted };
    progress(`${table}: ${inserted} copied${inserted < read ? ` (${read - inserted} already there)` : ''}`);
  };
  const records = async <T>(table: string, move: { columns: readonly Column[]; values(record: T): unknown[] }, list: T[]): Promise<void> => {
    note(table, list.length, await insertRows(client, table, move.columns, list.map((record) => move.values(record))));
  };
  await records('sources', SOURCE_MOVE, snapshot.config.sources);
  await records('api_keys', API_KEY_MOVE, snapshot.config.api_keys);
  await records('hooks', HOOK_MOVE, snapshot.config.hooks);
  const now = options.now ?? new Date();
  const moves: TableMove<{ seq: number }>[] = [
    eventMove(firstEventSeq(snapshot, options.events)),
    dedupeKeyMove(now.getTime()),
    REJECTION_MOVE,
    DELIVERY_MOVE,
    ATTEMPT_MOVE,
    HOOK_HEALTH_MOVE,
  ];
  for (const move of moves) {
    let read = 0;
    let inserted = 0;
    for (const page of pagesOf<{ seq: number }>(snapshot.db, move.query, options.pageSize)) {
      read += page.length;
      inserted += await insertRows(client, move.table, move.columns, page.map((row) => move.values(row)));
      if (page.length === options.pageSize) progress(`${move.table}: ${read} read...`);
    }
    note(move.table, read, inserted);
  }
  return summary;
}

/** The `seq` of the oldest event to copy: the newest `limit` ones, or all. */
function firstEventSeq(snapshot: EmbeddedSnapshot, limit: number | undefined): number {
  if (limit === undefined) return 0;
  if (limit === 0) return Number.MAX_SAFE_INTEGER;
  const row = snapshot.db.prepare<[number], { seq: number }>('SELECT seq FROM events ORDER BY seq DESC LIMIT 1 OFFSET ?').get(Math.max(limit - 1, 0));
  return row?.seq ?? 0;
}
