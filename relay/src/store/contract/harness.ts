/**
 * The store contract suites run every behaviour of the `Store` interface against each
 * implementation: `embedded` (lowdb + SQLite in a temp folder) and `postgres` (a fresh database
 * on the server of SWITCHBOARD_TEST_DATABASE_URL per store opened).
 *
 * By default the embedded half always runs, and the postgres half runs when a server is
 * configured (SWITCHBOARD_TEST_DATABASE_URL); otherwise a notice says how to start one, so the
 * README's test command works on a machine with only Node. SWITCHBOARD_TEST_STORES=embedded,postgres
 * (what CI sets) REQUIRES both: then a missing server fails loudly instead.
 */
import pg from 'pg';
import { DEFAULT_STORE_LIMITS } from '../limits.js';
import { openEmbeddedStore } from '../embedded.js';
import { openPostgresStore } from '../postgres/postgres.js';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from '../postgres/testDatabase.js';
import { makeTempDir } from '../storeTesting.js';
import type { Store, StoreLimits } from '../types.js';

export type StoreKind = Store['kind'];

export interface OpenOptions {
  limits?: Partial<StoreLimits>;
  /** Rows deleted per prune transaction (small values exercise chunking). */
  pruneChunk?: number;
}

/** One store under test, on its own data (a folder or a database). */
export interface TestStore {
  /** The open store; replaced by `reopen()`. */
  store: Store;
  /** Closes the store and opens the same data again (what a restart does). */
  reopen(): Promise<Store>;
  /** Closes the store and deletes its data. */
  destroy(): Promise<void>;
}

const ALL: readonly StoreKind[] = ['embedded', 'postgres'];

let noticeShown = false;

/** The kinds selected by SWITCHBOARD_TEST_STORES (comma-separated); see the header for the default. */
export function storeKinds(env: Record<string, string | undefined> = process.env): StoreKind[] {
  const raw = env['SWITCHBOARD_TEST_STORES']?.trim();
  if (!raw) {
    if (env['SWITCHBOARD_TEST_DATABASE_URL']?.trim()) return [...ALL];
    if (!noticeShown) {
      noticeShown = true;
      process.stderr.write('store tests: PostgreSQL half skipped (no SWITCHBOARD_TEST_DATABASE_URL). Run `eval "$(scripts/services.sh start)"` to include it; CI requires it.\n');
    }
    return ['embedded'];
  }
  const picked = raw.split(',').map((kind) => kind.trim());
  const unknown = picked.filter((kind) => !(ALL as readonly string[]).includes(kind));
  if (unknown.length > 0) {
    throw new Error(`SWITCHBOARD_TEST_STORES: expected a comma-separated list of ${ALL.join(', ')}, got ${JSON.stringify(raw)}`);
  }
  return picked as StoreKind[];
}

/** Opens a fresh, empty store of `kind`. Throws (with the way out) if postgres has no server. */
export async function openTestStore(kind: StoreKind, options: OpenOptions = {}): Promise<TestStore> {
  const limits = { ...DEFAULT_STORE_LIMITS, ...options.limits };
  const pruneChunk = options.pruneChunk ? { pruneChunk: options.pruneChunk } : {};
  if (kind === 'embedded') {
    const { dir, cleanup } = await makeTempDir();
    const open = (): Promise<Store> => openEmbeddedStore({ dataDir: dir, limits, ...pruneChunk });
    try {
      return track(await open(), open, cleanup);
    } catch (error) {
      await cleanup();
      throw error;
    }
  }
  const database = await takeDatabase();
  const open = (): Promise<Store> => openPostgresStore({ databaseUrl: database.url, limits, poolSize: 4, ...pruneChunk });
  try {
    return track(await open(), open, () => giveBack(database));
  } catch (error) {
    await giveBack(database);
    throw error;
  }
}

/**
 * Databases are expensive to create (30 ms to 400 ms, depending on the machine) and cheap to empty,
 * so a test file reuses its own: a store's database is emptied when the store is destroyed and
 * handed to the next one, and all of them are dropped after the file's last test.
 */
const spare: TestDatabase[] = [];
const created: TestDatabase[] = [];
afterAll(async () => {
  spare.length = 0;
  await Promise.all(created.splice(0).map((database) => database.drop()));
});

async function takeDatabase(): Promise<TestDatabase> {
  const reused = spare.pop();
  if (reused) return reused;
  const database = await createTestDatabase(testDatabaseUrl());
  created.push(database);
  return database;
}

async function giveBack(database: TestDatabase): Promise<void> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    // DELETE, not TRUNCATE: on a few rows it costs about 1 ms, TRUNCATE about 100 ms (new files
    // for every table and index). `delivery_counts` last: the deliveries trigger writes to it.
    const { rows } = await client.query<{ name: string }>(
      `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'pgmigrations'
        ORDER BY tablename = 'delivery_counts', tablename`,
    );
    await client.query(rows.map((row) => `DELETE FROM ${row.name};`).join(' '));
    spare.push(database);
  } finally {
    await client.end();
  }
}

function track(first: Store, open: () => Promise<Store>, remove: () => Promise<void>): TestStore {
  const handle: TestStore = {
    store: first,
    reopen: async () => {
      await handle.store.close();
      handle.store = await open();
      return handle.store;
    },
    destroy: async () => {
      await handle.store.close();
      await remove();
    },
  };
  return handle;
}

/** `describe` when the postgres store is selected, `describe.skip` when only embedded is. */
export const describePostgres: jest.Describe = storeKinds().includes('postgres') ? describe : describe.skip;

/**
 * Registers hooks that give each test of the enclosing `describe` a fresh store of `kind`
 * (`'each'`) or one store for all of them (`'all'`); answers a getter for it.
 */
export function useTestStore(kind: StoreKind, scope: 'each' | 'all' = 'each', options: OpenOptions = {}): () => TestStore {
  let current: TestStore | null = null;
  const before = scope === 'each' ? beforeEach : beforeAll;
  const after = scope === 'each' ? afterEach : afterAll;
  before(async () => {
    current = await openTestStore(kind, options);
  });
  after(async () => {
    await current?.destroy();
    current = null;
  });
  return () => {
    if (!current) throw new Error('The test store did not open (see the error of the before hook)');
    return current;
  };
}
