/**
 * Which store the integration tests' relays use: the embedded one by default, PostgreSQL with
 * SWITCHBOARD_TEST_STORE=postgres (SWITCHBOARD_TEST_DATABASE_URL and SWITCHBOARD_TEST_REDIS_URL
 * from `eval "$(scripts/services.sh start)"`): PostgreSQL for state and BullMQ on Redis for delivery. With PostgreSQL every data folder a test uses gets
 * its own fresh database, so a relay restarted on the same folder finds its state again, and
 * every database is dropped after the test file.
 */
import pg from 'pg';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createTestDatabase, MISSING_TEST_DATABASE, testDatabaseUrl, type TestDatabase } from '../../src/store/postgres/testDatabase.js';

export type TestStoreKind = 'embedded' | 'postgres';

function selectedStore(): TestStoreKind {
  const raw = process.env['SWITCHBOARD_TEST_STORE']?.trim() || 'embedded';
  if (raw !== 'embedded' && raw !== 'postgres') {
    throw new Error(`SWITCHBOARD_TEST_STORE: expected "embedded" or "postgres", got ${JSON.stringify(raw)}`);
  }
  return raw;
}

/** The store every relay started by the integration tests uses (`/readyz` reports it). */
export const TEST_STORE: TestStoreKind = selectedStore();

const databases = new Map<string, TestDatabase>();
afterAll(async () => {
  const all = [...databases.values()];
  databases.clear();
  await Promise.all(all.map((database) => database.drop()));
});

/** The environment that points a relay whose data folder is `dataDir` at the selected store. */
export async function storeEnv(dataDir: string): Promise<Record<string, string>> {
  if (TEST_STORE === 'embedded') return {};
  const redisUrl = process.env['SWITCHBOARD_TEST_REDIS_URL']?.trim();
  if (!redisUrl) throw new Error(MISSING_TEST_DATABASE.replace('SWITCHBOARD_TEST_DATABASE_URL', 'SWITCHBOARD_TEST_REDIS_URL'));
  let database = databases.get(dataDir);
  if (!database) {
    // Not from the migrated template: each relay migrates its own database at start, as in production.
    database = await createTestDatabase(testDatabaseUrl(), { prefix: 'sb_relay', migrated: false });
    databases.set(dataDir, database);
  }
  // Deliveries through BullMQ; one Redis namespace per database, so parallel test relays never share a queue.
  return { SWITCHBOARD_STORE: 'postgres', SWITCHBOARD_DATABASE_URL: database.url, SWITCHBOARD_REDIS_URL: redisUrl, SWITCHBOARD_REDIS_PREFIX: redisPrefixOf(database.url) };
}

/** The Redis namespace of a test database: its name. */
export function redisPrefixOf(databaseUrl: string): string {
  return new URL(databaseUrl).pathname.slice(1);
}

/** Drops the database of `dataDir` now (the relay using it has stopped). */
export async function dropStore(dataDir: string): Promise<void> {
  const database = databases.get(dataDir);
  databases.delete(dataDir);
  await database?.drop();
}

/**
 * Everything the relay persisted about configuration (sources, API keys, hooks) as text, to
 * check that no secret is stored in clear: `config.json`, or the three PostgreSQL tables.
 */
export async function persistedConfigText(dataDir: string): Promise<string> {
  const database = databases.get(dataDir);
  if (!database) return readFile(path.join(dataDir, 'config.json'), 'utf8');
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const tables = await Promise.all(['sources', 'api_keys', 'hooks'].map((table) => client.query(`SELECT * FROM ${table}`)));
    return JSON.stringify(tables.map((result) => result.rows));
  } finally {
    await client.end();
  }
}
