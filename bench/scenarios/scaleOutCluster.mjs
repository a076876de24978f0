// Scale-out bench plumbing: a fresh PostgreSQL database and Redis prefix per cluster, and relay
// processes in the `api` and `worker` roles on them. The services come from
// `eval "$(scripts/services.sh start)"` (SWITCHBOARD_TEST_DATABASE_URL, SWITCHBOARD_TEST_REDIS_URL)
// or SWITCHBOARD_BENCH_DATABASE_URL / SWITCHBOARD_BENCH_REDIS_URL (an admin URL: a database is
// created and dropped per cluster).
import { createTestDatabase } from '../../relay/dist/store/postgres/testDatabase.js';
import { atCleanup } from '../lib/util.mjs';

export function services() {
  const databaseUrl = process.env.SWITCHBOARD_BENCH_DATABASE_URL || process.env.SWITCHBOARD_TEST_DATABASE_URL;
  const redisUrl = process.env.SWITCHBOARD_BENCH_REDIS_URL || process.env.SWITCHBOARD_TEST_REDIS_URL;
  if (!databaseUrl || !redisUrl) {
    throw new Error('the scale-out scenario needs PostgreSQL and Redis: run `eval "$(scripts/services.sh start)"` first (or set SWITCHBOARD_BENCH_DATABASE_URL and SWITCHBOARD_BENCH_REDIS_URL)');
  }
  return { databaseUrl, redisUrl };
}

/** A database of its own (dropped at the end) and the env every process of the cluster shares. */
export async function clusterEnv(extra = {}) {
  const { databaseUrl, redisUrl } = services();
  const database = await createTestDatabase(databaseUrl, { prefix: 'sb_bench', migrated: false });
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await database.drop();
  };
  atCleanup(() => void drop());
  return {
    env: { SWITCHBOARD_STORE: 'postgres', SWITCHBOARD_DATABASE_URL: database.url, SWITCHBOARD_REDIS_URL: redisUrl, SWITCHBOARD_REDIS_PREFIX: database.name, ...extra },
    drop,
  };
}

/** Starts `count` relay processes of `role` on the cluster (in parallel once the schema exists). */
export async function startRole(ctx, scope, env, role, count) {
  const started = await Promise.all(Array.from({ length: count }, (_, i) => ctx.startRelay({ env: { ...env, SWITCHBOARD_ROLE: role }, name: `${role}-${i + 1}` })));
  for (const relay of started) scope.add(relay);
  return started;
}

/** Sum of one figure of `metrics()` over processes. */
export async function sumMetric(relays, key) {
  let total = 0;
  for (const relay of relays) total += (await relay.metrics())[key];
  return total;
}
