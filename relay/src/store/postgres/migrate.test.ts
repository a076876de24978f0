import pg from 'pg';
import { runMigrateCommand } from '../../migrateCommand.js';
import { describePostgres } from '../contract/harness.js';
import { DEFAULT_STORE_LIMITS } from '../limits.js';
import { migrate, migrationNames, MIGRATIONS_TABLE } from './migrate.js';
import { openPostgresStore } from './postgres.js';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from './testDatabase.js';

describePostgres('PostgreSQL migrations', () => {
  let database: TestDatabase;
  let client: pg.Client | null = null;
  beforeEach(async () => {
    database = await createTestDatabase(testDatabaseUrl(), { migrated: false });
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });
  afterEach(async () => {
    if (!client) return;
    await client.end();
    client = null;
    await database.drop();
  });
  const sql = (text: string) => {
    if (!client) throw new Error('no database');
    return client.query<{ name: string; 'QUERY PLAN': string }>(text);
  };

  const recorded = async (): Promise<string[]> =>
    (await sql(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY id`)).rows.map((row) => row.name);

  it('migrates a fresh database once when several relays open it at the same time', async () => {
    const stores = await Promise.all(
      Array.from({ length: 4 }, () => openPostgresStore({ databaseUrl: database.url, limits: DEFAULT_STORE_LIMITS, poolSize: 2 })),
    );
    await Promise.all(stores.map((store) => store.close()));
    expect(await recorded()).toEqual(await migrationNames());
    expect(await migrate(database.url)).toEqual([]);
  });

  it('refuses a database migrated by a newer Switchboard, naming the unknown migration', async () => {
    await migrate(database.url);
    await sql(`INSERT INTO ${MIGRATIONS_TABLE} (name, run_on) VALUES ('9999_from_the_future', now())`);
    await expect(openPostgresStore({ databaseUrl: database.url, limits: DEFAULT_STORE_LIMITS })).rejects.toThrow(
      /9999_from_the_future.*newer/,
    );
  });

  it('has an index for every query the API, the delivery engine and retention make', async () => {
    await migrate(database.url);
    await sql('SET enable_seqscan = off');
    const queries = [
      `SELECT * FROM events WHERE type = 'x' AND seq < 10 ORDER BY seq DESC LIMIT 5`,
      `SELECT * FROM events WHERE vendor = 'clarky' ORDER BY seq DESC LIMIT 5`,
      `SELECT * FROM events WHERE source_id = 's' ORDER BY seq DESC LIMIT 5`,
      `SELECT seq FROM events WHERE received_at < now() ORDER BY received_at LIMIT 5`,
      `SELECT * FROM dedupe_keys WHERE expires_at <= now() LIMIT 5`,
      `SELECT * FROM rejections WHERE source_id = 's' ORDER BY seq DESC LIMIT 5`,
      `SELECT * FROM deliveries WHERE status = 'pending' AND hook_id = 'h' AND next_attempt_at <= now() ORDER BY next_attempt_at, seq LIMIT 5`,
      `SELECT min(next_attempt_at) FROM deliveries WHERE status = 'pending' AND next_attempt_at > now()`,
      `SELECT * FROM deliveries WHERE hook_id = 'h' AND status = 'failed' ORDER BY seq DESC LIMIT 5`,
      `SELECT * FROM deliveries WHERE event_type = 't' ORDER BY seq DESC LIMIT 5`,
      `SELECT * FROM deliveries WHERE event_id = 'e' ORDER BY seq DESC LIMIT 5`,
      `SELECT id FROM deliveries WHERE updated_at < now() AND status <> 'pending' ORDER BY updated_at, seq LIMIT 5`,
      `SELECT status, count(*) FROM deliveries WHERE created_at >= now() GROUP BY status`,
      `SELECT * FROM attempts WHERE delivery_id = ANY('{a,b}') ORDER BY delivery_id, seq`,
      `SELECT seq FROM attempts WHERE started_at < now() ORDER BY started_at LIMIT 5`,
    ];
    for (const query of queries) {
      const plan = (await sql(`EXPLAIN ${query}`)).rows.map((row) => row['QUERY PLAN']).join('\n');
      expect({ query, scan: /Seq Scan/.test(plan) }).toEqual({ query, scan: false });
    }
  });

  it('runs as the `migrate` command, saying what it did', async () => {
    const lines: string[] = [];
    const io = { out: (line: string) => void lines.push(line), err: (line: string) => void lines.push(`err: ${line}`) };
    expect(await runMigrateCommand({ SWITCHBOARD_DATABASE_URL: database.url }, io)).toBe(0);
    expect(await runMigrateCommand({ SWITCHBOARD_DATABASE_URL: database.url }, io)).toBe(0);
    expect(await runMigrateCommand({}, io)).toBe(1);
    expect(lines).toEqual([
      'Applied 1 migration(s): 0001_initial.',
      'PostgreSQL schema is up to date (0001_initial).',
      'err: SWITCHBOARD_DATABASE_URL: required by `migrate` (a postgres:// URL), got nothing',
    ]);
  });
});
