/**
 * `node relay/dist/main.js migrate`: brings the PostgreSQL schema up to date and exits, for
 * deployments that migrate before starting relays (relays also migrate at start, under the same
 * advisory lock, so running both is safe). Needs only SWITCHBOARD_DATABASE_URL.
 */
import { errorMessage } from './store/errorInfo.js';
import { migrate, migrationNames } from './store/postgres/migrate.js';

export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
}

/** Answers the process exit code: 0 when the schema is up to date, 1 otherwise. */
export async function runMigrateCommand(env: Record<string, string | undefined>, io: CommandIo): Promise<number> {
  const url = env['SWITCHBOARD_DATABASE_URL']?.trim();
  if (!url) {
    io.err('SWITCHBOARD_DATABASE_URL: required by `migrate` (a postgres:// URL), got nothing');
    return 1;
  }
  try {
    const applied = await migrate(url);
    const known = await migrationNames();
    if (applied.length === 0) io.out(`PostgreSQL schema is up to date (${known[known.length - 1] ?? 'no migrations'}).`);
    else io.out(`Applied ${applied.length} migration(s): ${applied.join(', ')}.`);
    return 0;
  } catch (error) {
    io.err(errorMessage(error));
    return 1;
  }
}
