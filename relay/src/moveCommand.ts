/**
 * `node relay/dist/main.js move-to-postgres [--events=<n>] [--force]`: copies the embedded
 * installation in SWITCHBOARD_DATA_DIR into the PostgreSQL database at SWITCHBOARD_DATABASE_URL,
 * so ingest URLs, API keys and subscriptions (with their signing secrets) keep working on the
 * postgres store. Stop the relay first. See docs/storage.md, "Moving from embedded to PostgreSQL".
 */
import path from 'node:path';
import type { CommandIo } from './migrateCommand.js';
import { errorMessage } from './store/errorInfo.js';
import { moveToPostgres, type MoveOptions, type MoveSummary } from './store/move/moveToPostgres.js';

export const MOVE_USAGE = 'Usage: node relay/dist/main.js move-to-postgres [--events=<n>] [--force]';

type Parsed = Pick<MoveOptions, 'events' | 'force'>;

/** The options after the subcommand, or an error message naming the one that is wrong. */
export function parseMoveArgs(args: readonly string[]): Parsed | string {
  const parsed: Parsed = {};
  for (const arg of args) {
    if (arg === '--force') parsed.force = true;
    else if (arg.startsWith('--events=')) {
      const text = arg.slice('--events='.length);
      if (!/^\d+$/.test(text)) return `Expected \`--events\` to be an integer >= 0, got ${JSON.stringify(text)}`;
      parsed.events = Number(text);
    } else return `Unknown option ${JSON.stringify(arg)}. ${MOVE_USAGE}`;
  }
  return parsed;
}

/** Answers the process exit code: 0 when everything was copied and committed, 1 (or 2 for usage) otherwise. */
export async function runMoveCommand(args: readonly string[], env: Record<string, string | undefined>, io: CommandIo): Promise<number> {
  const parsed = parseMoveArgs(args);
  if (typeof parsed === 'string') {
    io.err(parsed);
    return 2;
  }
  const databaseUrl = env['SWITCHBOARD_DATABASE_URL']?.trim();
  if (!databaseUrl) {
    io.err('SWITCHBOARD_DATABASE_URL: required by `move-to-postgres` (a postgres:// URL of the target database), got nothing');
    return 1;
  }
  const dataDir = path.resolve(env['SWITCHBOARD_DATA_DIR']?.trim() || './data');
  io.out(`Moving the embedded installation in ${dataDir} to PostgreSQL (the relay must be stopped).`);
  try {
    const summary = await moveToPostgres({ dataDir, databaseUrl, ...parsed, progress: (line) => io.out(`  ${line}`) });
    io.out(describe(summary));
    io.out('Start the relay with SWITCHBOARD_STORE=postgres, SWITCHBOARD_DATABASE_URL and SWITCHBOARD_REDIS_URL; keep the data folder until it runs.');
    return 0;
  } catch (error) {
    io.err(`Nothing was moved: ${errorMessage(error)}`);
    return 1;
  }
}

function describe(summary: MoveSummary): string {
  const parts = Object.entries(summary).map(([table, { inserted }]) => `${inserted} ${table}`);
  return `Moved ${parts.join(', ')}.`;
}
