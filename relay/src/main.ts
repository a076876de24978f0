#!/usr/bin/env -S node --max-semi-space-size=64
/** Entry point: `node relay/dist/main.js [--help | --version]`. Configuration comes from the environment. */
import { ConfigError, VARIABLES } from './config.js';
import { startRelay, VERSION } from './server.js';

function usage(): string {
  const width = Math.max(...VARIABLES.map((v) => v.name.length));
  const rows = VARIABLES.map((v) => `  ${v.name.padEnd(width)}  ${v.meaning} (default: ${v.default})`);
  return [
    `Switchboard relay ${VERSION}: receives vendor webhooks, normalizes, stores and delivers them.`,
    '',
    'Usage: node relay/dist/main.js [--help] [--version]',
    '       node relay/dist/main.js migrate   (PostgreSQL store: apply schema migrations and exit)',
    '       node relay/dist/main.js move-to-postgres [--events=<n>] [--force]',
    '                                         (copy SWITCHBOARD_DATA_DIR into SWITCHBOARD_DATABASE_URL; stop the relay first)',
    '',
    'Configuration (environment variables):',
    ...rows,
    '',
    'Scale-out: SWITCHBOARD_STORE=postgres with SWITCHBOARD_DATABASE_URL and SWITCHBOARD_REDIS_URL, then any number of',
    '  SWITCHBOARD_ROLE=api processes (ingest + admin API) and SWITCHBOARD_ROLE=worker processes (delivery; they serve',
    '  only /healthz, /readyz and /metrics). See docs/deployment.md.',
    '',
    'Example: SWITCHBOARD_PORT=9000 SWITCHBOARD_DATA_DIR=/var/lib/switchboard node relay/dist/main.js',
  ].join('\n');
}

function printGeneratedKey(key: string, url: string): void {
  const lines = [
    '',
    '  An admin API key was generated for this installation. It is shown ONCE; only its hash is stored.',
    '',
    `    ${key}`,
    '',
    '  Use it as a bearer token, e.g.:',
    `    curl -H "Authorization: Bearer ${key}" ${url}/api/v1/me`,
    '  To choose your own keys instead, set SWITCHBOARD_API_KEYS (comma-separated).',
    '',
  ];
  process.stderr.write(`${lines.join('\n')}\n`);
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${usage()}\n`);
    return;
  }
  if (argv.includes('--version')) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  if (argv[0] === 'migrate') {
    // Loaded only here: the embedded relay never needs the PostgreSQL driver or the migrator.
    const { runMigrateCommand } = await import('./migrateCommand.js');
    process.exitCode = await runMigrateCommand(process.env, {
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
    });
    return;
  }
  if (argv[0] === 'move-to-postgres') {
    // Loaded only here, like `migrate`.
    const { runMoveCommand } = await import('./moveCommand.js');
    process.exitCode = await runMoveCommand(argv.slice(1), process.env, {
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
    });
    return;
  }
  const unknown = argv.filter((a) => a.startsWith('-'));
  if (unknown.length > 0) {
    process.stderr.write(`Unknown option ${unknown[0]}. Run with --help.\n`);
    process.exitCode = 2;
    return;
  }
  let relay;
  try {
    relay = await startRelay({ env: process.env });
  } catch (err) {
    process.stderr.write(`${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
    return;
  }
  if (relay.generatedKey) printGeneratedKey(relay.generatedKey, relay.url);
  const running = relay;
  const shutdown = (signal: string): void => {
    running.logger.info({ signal }, 'shutting down');
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        running.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

void main(process.argv.slice(2));
