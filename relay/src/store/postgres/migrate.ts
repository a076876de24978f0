import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import pg from 'pg';
import { errorMessage } from '../errorInfo.js';

/**
 * `relay/migrations/`: the same path from `src/store/postgres/` (tests) and `dist/store/postgres/`
 * (the build), so the SQL files ship beside `dist/` without a copy step.
 */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url));

/** node-pg-migrate's default table name, so its own CLI can inspect a Switchboard database. */
export const MIGRATIONS_TABLE = 'pgmigrations';

export interface MigrationLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * Brings the database schema up to date with node-pg-migrate, each pending migration in one
 * transaction together. Safe when several relays start at once: node-pg-migrate holds a
 * PostgreSQL advisory lock while it runs and the others wait for it (then find nothing to do).
 * Refuses a database that has migrations this build does not know (written by a newer
 * Switchboard). Resolves the names of the migrations applied now.
 */
export async function migrate(databaseUrl: string, logger?: MigrationLogger): Promise<string[]> {
  const known = await migrationNames();
  let applied: { name: string }[];
  try {
    applied = await runner({
      databaseUrl,
      dir: MIGRATIONS_DIR,
      migrationsTable: MIGRATIONS_TABLE,
      direction: 'up',
      singleTransaction: true,
      checkOrder: true,
      advisoryLockMode: 'wait',
      logger: {
        info: (msg) => logger?.info({ step: 'migrate' }, msg),
        warn: (msg) => logger?.warn({ step: 'migrate' }, msg),
        error: (msg) => logger?.warn({ step: 'migrate' }, msg),
      },
    });
  } catch (error) {
    throw new Error(`Cannot migrate the PostgreSQL database: ${errorMessage(error)}`, { cause: error });
  }
  const unknown = (await recordedMigrations(databaseUrl)).filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `The PostgreSQL database has migrations this Switchboard does not know (${unknown.join(', ')}): ` +
        `it was written by a newer version (this one knows up to ${known[known.length - 1] ?? 'none'}). Run the newer relay.`,
    );
  }
  return applied.map((migration) => migration.name);
}

/** The migration names this build ships, in order (file names without `.sql`). */
export async function migrationNames(): Promise<string[]> {
  const files = await readdir(MIGRATIONS_DIR);
  return files
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => file.slice(0, -'.sql'.length));
}

async function recordedMigrations(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'switchboard-migrate' });
  await client.connect();
  try {
    const result = await client.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY id`);
    return result.rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}
