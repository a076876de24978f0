import { forwardStore } from '../compose.js';
import type pg from 'pg';
import { errorMessage } from '../errorInfo.js';
import { validateStoreLimits } from '../limits.js';
import type { GroupCommitStats } from '../sqlite/groupCommit.js';
import { DEFAULT_PRUNE_CHUNK, type PruneCounts } from '../sqlite/prune.js';
import type { Store, StoreLimits } from '../types.js';
import { withTryAdvisoryLock } from './advisoryLock.js';
import { PgConfigStore } from './configStore.js';
import { PgDeliveryLog } from './deliveryLog.js';
import { PgEventLog } from './eventLog.js';
import { PgGroupCommitter } from './groupCommit.js';
import { migrate, type MigrationLogger } from './migrate.js';
import { createPool } from './pool.js';
import { PgStats } from './stats.js';

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database` (any libpq-style URL `pg` accepts). */
  databaseUrl: string;
  limits: StoreLimits;
  logger?: MigrationLogger;
  /** Connections in the pool. @default 10 */
  poolSize?: number;
  /** Rows deleted per prune statement. @default 5000 */
  pruneChunk?: number;
  /** Run pending migrations at open (the relay does; `migrate` is also a command). @default true */
  migrate?: boolean;
}

export interface PostgresStore extends Store {
  readonly kind: 'postgres';
  /** Group-commit counters, for tests and `/metrics`. */
  stats(): GroupCommitStats;
  /** The `Store` counts plus the deliveries and attempts removed. */
  prune(now: Date): Promise<PruneCounts>;
  /**
   * Runs `work` if no other process holds the advisory lock `name` (see `advisoryLock.ts`);
   * used by scheduled work that several relay processes share.
   */
  withTryLock<T>(name: string, work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
  /** One round trip to the database, for `/readyz`. Never throws. */
  ping(): Promise<boolean>;
}

/**
 * The scale-out store: everything (configuration, events, dedupe keys, rejections, deliveries,
 * attempts, hook health) in PostgreSQL, behind the same `Store` interface as the embedded one.
 * Opens a pool, brings the schema up to date (node-pg-migrate, under an advisory lock) and checks
 * the connection. Writes of events and deliveries share group-commit transactions; every promise
 * resolves after its COMMIT. See docs/storage.md, "PostgreSQL store".
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const limits = validateStoreLimits(options.limits);
  if (options.migrate !== false) await migrate(options.databaseUrl, options.logger);
  const pool = createPool({ databaseUrl: options.databaseUrl, ...(options.poolSize ? { size: options.poolSize } : {}) });
  // An idle client that loses its server emits 'error' on the pool; without a listener that is an
  // uncaught exception. The next query gets a fresh connection (or the error) instead.
  pool.on('error', (error) => options.logger?.warn({ err: errorMessage(error) }, 'PostgreSQL connection lost'));
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end();
    throw new Error(`Cannot connect to PostgreSQL: ${errorMessage(error)}`, { cause: error });
  }
  return assemble(pool, limits, options.pruneChunk ?? DEFAULT_PRUNE_CHUNK);
}

function assemble(pool: pg.Pool, limits: StoreLimits, pruneChunk: number): PostgresStore {
  const committer = new PgGroupCommitter(pool, limits.dedupeTtlHours);
  const config = new PgConfigStore(pool);
  const events = new PgEventLog(pool, committer, limits, pruneChunk);
  const deliveries = new PgDeliveryLog(pool, committer);
  const statsLog = new PgStats(pool);
  let state: 'open' | 'closing' | 'closed' = 'open';
  let closing: Promise<void> | null = null;
  return {
    kind: 'postgres',
    ...forwardStore({ config, events, deliveries, stats: statsLog }),
    prune: (now) => events.prune(now),
    stats: () => committer.stats(),
    withTryLock: (name, work) => withTryAdvisoryLock(pool, name, work),
    ping: async () => {
      if (state !== 'open') return false;
      try {
        await pool.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    isReady: () => state === 'open',
    close: () => {
      closing ??= (async () => {
        state = 'closing';
        try {
          await committer.close();
        } finally {
          await pool.end();
          state = 'closed';
        }
      })();
      return closing;
    },
  };
}
