/**
 * A PostgreSQL and a Redis of one test file's own, for fault drills that stop, kill and restart
 * them: the shared pair (`scaleOutServices.ts`) serves every other test file running in parallel
 * and must stay up. Both come from `scripts/services.sh` (the same servers, options and Debian
 * packages as CI's), in a temp folder of their own on free loopback ports.
 */
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './paths.js';

const run = promisify(execFile);
const SCRIPT = path.join(repoRoot, 'scripts/services.sh');

export interface PrivateServices {
  /** Admin URL of the server's `switchboard_test` database (give it to `createTestDatabase`). */
  databaseUrl: string;
  redisUrl: string;
  /** `pg_ctl stop -m fast` (sessions get 57P01) or `-m immediate` (the server just dies, like a crash). */
  stopPostgres(mode: 'fast' | 'immediate'): Promise<void>;
  /** Starts it again on the same port and data; resolves once it accepts connections. */
  startPostgres(): Promise<void>;
  /** `SHUTDOWN NOSAVE`, or SIGKILL; either way every job in it is lost (it keeps no data on disk). */
  stopRedis(how: 'shutdown' | 'kill'): Promise<void>;
  /** Starts an empty Redis again on the same port; resolves once it answers PING. */
  startRedis(): Promise<void>;
  /** Stops both and removes the folder. */
  close(): Promise<void>;
}

export async function startPrivateServices(): Promise<PrivateServices> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-drill-'));
  // TMPDIR too: `start` remembers its folder in $TMPDIR, where the shared pair's is kept otherwise.
  const env = { ...process.env, SWITCHBOARD_SERVICES_DIR: dir, TMPDIR: dir };
  const services = async (...args: string[]): Promise<string> => {
    try {
      return (await run('bash', [SCRIPT, ...args], { env, timeout: 120_000 })).stdout;
    } catch (err) {
      const stderr = typeof err === 'object' && err !== null && 'stderr' in err ? String(err.stderr) : '';
      throw new Error(`scripts/services.sh ${args.join(' ')} failed: ${err instanceof Error ? err.message : String(err)}\n${stderr}`);
    }
  };
  const exports = new Map<string, string>();
  for (const match of (await services('start')).matchAll(/^export (\w+)=(.*)$/gm)) exports.set(match[1] ?? '', match[2] ?? '');
  const databaseUrl = exports.get('SWITCHBOARD_TEST_DATABASE_URL');
  const redisUrl = exports.get('SWITCHBOARD_TEST_REDIS_URL');
  if (!databaseUrl || !redisUrl) throw new Error(`scripts/services.sh start printed no URLs (expected export lines), got: ${[...exports.keys()].join(', ') || 'nothing'}`);
  return {
    databaseUrl,
    redisUrl,
    stopPostgres: async (mode) => void (await services('pg-stop', mode)),
    startPostgres: async () => void (await services('pg-start')),
    stopRedis: async (how) => void (await services('redis-stop', how)),
    startRedis: async () => void (await services('redis-start')),
    close: async () => void (await services('stop')),
  };
}
