import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { migrate, migrationNames, MIGRATIONS_DIR } from './migrate.js';

/** A throwaway database for tests: created empty from the admin URL's server, dropped by `drop()`. */
export interface TestDatabase {
  name: string;
  /** The admin URL with this database's name. */
  url: string;
  /** Drops it, closing any connection still open to it. Idempotent. */
  drop(): Promise<void>;
}

/** Where the store tests find PostgreSQL; `scripts/services.sh start` prints it. */
export const TEST_DATABASE_URL_VARIABLE = 'SWITCHBOARD_TEST_DATABASE_URL';

export const MISSING_TEST_DATABASE =
  `${TEST_DATABASE_URL_VARIABLE} is not set, so the PostgreSQL store cannot be tested. ` +
  'Start a throwaway PostgreSQL and Redis with `eval "$(scripts/services.sh start)"` (from the repository root), ' +
  'or run only the embedded store with SWITCHBOARD_TEST_STORES=embedded.';

/** The admin URL from the environment, or an Error saying how to get one. */
export function testDatabaseUrl(env: Record<string, string | undefined> = process.env): string {
  const url = env[TEST_DATABASE_URL_VARIABLE]?.trim();
  if (!url) throw new Error(MISSING_TEST_DATABASE);
  return url;
}

export interface TestDatabaseOptions {
  /** @default 'sb_test' */
  prefix?: string;
  /**
   * Clone it from a template database already at the latest schema (made once per set of
   * migration files, under an advisory lock), which is much faster than migrating each one.
   * @default true
   */
  migrated?: boolean;
}

/** Creates `<prefix>_<random>` on the server of `adminUrl` (which must allow CREATE DATABASE). */
export async function createTestDatabase(adminUrl: string, options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const name = `${options.prefix ?? 'sb_test'}_${randomBytes(6).toString('hex')}`;
  const template = options.migrated === false ? null : await migratedTemplate(adminUrl);
  await onAdmin(adminUrl, template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  let dropped: Promise<void> | null = null;
  return {
    name,
    url: withDatabase(adminUrl, name),
    drop: () => (dropped ??= onAdmin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

function withDatabase(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * `sb_template_<hash of the migration files>`, created if missing: migrated under a temporary
 * name, then renamed, so a database of that name is always complete. Parallel test workers
 * wait for each other on an advisory lock.
 */
async function migratedTemplate(adminUrl: string): Promise<string> {
  const hash = createHash('sha256');
  for (const name of await migrationNames()) hash.update(name).update(await readFile(path.join(MIGRATIONS_DIR, `${name}.sql`)));
  const template = `sb_template_${hash.digest('hex').slice(0, 16)}`;
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'switchboard-tests' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(7241865325823965)');
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (exists.rowCount === 0) {
      const building = `${template}_building`;
      await client.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${building}`);
      await migrate(withDatabase(adminUrl, building));
      await client.query(`ALTER DATABASE ${building} RENAME TO ${template}`);
    }
    return template;
  } finally {
    await client.end();
  }
}

async function onAdmin(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'switchboard-tests' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
