import pg from 'pg';

/** What every query helper needs: a pool, or one client inside a transaction. */
export type Queryable = Pick<pg.ClientBase, 'query'>;

const INT8 = 20;

/**
 * Type parsers for this store's connections only (the global `pg.types` stay untouched):
 * `bigint` columns (`seq`, `count(*)`) come back as numbers. Every such value here is a row
 * count or a sequence number, far below 2^53.
 */
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 && format !== 'binary' ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

export interface PoolOptions {
  databaseUrl: string;
  /** @default 10 */
  size?: number;
}

/** A pool whose clients parse `bigint` as number, name themselves in `pg_stat_activity` and time out. */
export function createPool({ databaseUrl, size = 10 }: PoolOptions): pg.Pool {
  if (!Number.isInteger(size) || size < 2) {
    throw new RangeError(`Expected \`poolSize\` to be an integer >= 2, got ${String(size)}`);
  }
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: size,
    types: TYPES,
    application_name: 'switchboard-relay',
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    // A write stuck behind another process's lock, or a query that never ends, fails (and its
    // group-commit batch is retried or rejected) instead of stalling every later write.
    lock_timeout: 10_000,
    statement_timeout: 60_000,
    idle_in_transaction_session_timeout: 60_000,
  });
  // The pool listens for errors on idle clients only. A checked-out client between two queries
  // (the advisory lock's, held through a whole sweep) whose server goes away (a restart, a crash)
  // emits 'error' with nobody listening: an uncaught exception that ended the process. Its user
  // gets the failure from its next query, and the pool drops the broken client on release.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** Runs `work` in one transaction on one pooled client; COMMIT has returned when it resolves. */
export async function inTransaction<R>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<R>): Promise<R> {
  const client = await pool.connect();
  let broken: unknown;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    broken = await client.query('ROLLBACK').then(
      () => undefined,
      (rollbackError: unknown) => rollbackError,
    );
    throw error;
  } finally {
    // A client whose ROLLBACK failed is in an unknown state: destroy it instead of reusing it.
    client.release(broken !== undefined);
  }
}
