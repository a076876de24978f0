/**
 * The PostgreSQL and Redis the multi-process tests run against (`scripts/services.sh`). Without
 * them such a test is skipped with a notice, unless SWITCHBOARD_TEST_STORES names postgres (CI):
 * then its `beforeAll` fails with `missing`, saying how to start them.
 */
import { MISSING_TEST_DATABASE } from '../../src/store/postgres/testDatabase.js';
import { redisPrefixOf } from './testStore.js';

export interface ScaleOutServices {
  databaseUrl: string;
  redisUrl: string;
  /** `describe`, or `describe.skip` when the services are neither given nor required. */
  describe: jest.Describe;
  /** Throws when the services are required but not given. */
  check(): void;
  /** The environment of a relay process on `database` and this Redis (its namespace: the database's name), with no ingest rate limit. */
  relayEnv(database: { url: string }, apiKey: string): Record<string, string>;
}

export function scaleOutServices(what: string, env: NodeJS.ProcessEnv = process.env): ScaleOutServices {
  const databaseUrl = env['SWITCHBOARD_TEST_DATABASE_URL']?.trim() ?? '';
  const redisUrl = env['SWITCHBOARD_TEST_REDIS_URL']?.trim() ?? '';
  const required = (env['SWITCHBOARD_TEST_STORES'] ?? '').split(',').map((s) => s.trim()).includes('postgres');
  const available = databaseUrl !== '' && redisUrl !== '';
  if (!available && !required) {
    process.stderr.write(`${what} skipped (needs SWITCHBOARD_TEST_DATABASE_URL and SWITCHBOARD_TEST_REDIS_URL). Run \`eval "$(scripts/services.sh start)"\` to include it; CI requires it.\n`);
  }
  return {
    databaseUrl,
    redisUrl,
    describe: available || required ? describe : describe.skip,
    check: () => {
      if (!available) throw new Error(MISSING_TEST_DATABASE.replace('SWITCHBOARD_TEST_DATABASE_URL', 'SWITCHBOARD_TEST_DATABASE_URL and SWITCHBOARD_TEST_REDIS_URL'));
    },
    relayEnv: (database, apiKey) => ({
      SWITCHBOARD_STORE: 'postgres',
      SWITCHBOARD_DATABASE_URL: database.url,
      SWITCHBOARD_REDIS_URL: redisUrl,
      SWITCHBOARD_REDIS_PREFIX: redisPrefixOf(database.url),
      SWITCHBOARD_API_KEYS: apiKey,
      SWITCHBOARD_INGEST_RATE_LIMIT: '0',
    }),
  };
}
