#!/usr/bin/env node
// `pnpm bench`: real relay processes, real HTTP on loopback, load from separate processes.
// Prints the figures table on stdout (progress on stderr) and writes it as JSON under
// bench/results/. Exit code: 1 if any count check failed (an event lost, or duplicated without
// cause) or a scenario could not run; target misses are FAIL in the table but exit 0 unless
// --strict. See docs/performance.md.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Context } from './lib/context.mjs';
import { installCleanup } from './lib/proc.mjs';
import { snapshotRelay } from './lib/relay.mjs';
import { machine, relayVersion, table, writeResults } from './lib/report.mjs';
import { progress } from './lib/util.mjs';
import { backlog } from './scenarios/backlog.mjs';
import { e2e } from './scenarios/e2e.mjs';
import { fanout } from './scenarios/fanout.mjs';
import { history } from './scenarios/history.mjs';
import { ingest } from './scenarios/ingest.mjs';
import { isolation } from './scenarios/isolation.mjs';
import { scaleOut } from './scenarios/scaleOut.mjs';

const SCENARIOS = [
  { n: 1, name: 'ingest', run: ingest, what: 'events/s answered 202 and latency, against a bare node:http server' },
  { n: 2, name: 'e2e', run: e2e, what: 'vendor POST → subscriber receipt at 200 and 1000/s with 3 subscribers; highest sustained rate' },
  { n: 3, name: 'fanout', run: fanout, what: 'one event type, 100 subscribers' },
  { n: 4, name: 'isolation', run: isolation, what: "a subscriber that never answers next to a healthy one; the healthy one's p99" },
  { n: 5, name: 'backlog', run: backlog, what: 'subscriber down while 50,000 events arrive, then back: drain rate, peak RSS' },
  { n: 6, name: 'history', run: history, what: 'ingest throughput with 1,000 vs 100,000 events stored' },
  // Opt-in (--scale-out or --only 7): needs PostgreSQL and Redis (scripts/services.sh).
  { n: 7, name: 'scale-out', run: scaleOut, optIn: true, what: 'PostgreSQL + BullMQ: delivery throughput with 1 and 2 worker processes; p99 at 1000/s' },
];

const HELP = `Usage: pnpm bench [--quick] [--only <scenarios>] [--scale-out] [--strict] [--profile]
       (or: node bench/run.mjs ..., after building the relay)

Benchmarks the relay (relay/dist/main.js) as a real process on loopback. Every headline figure is
a ratio against a baseline measured in the same run.

  --quick             smaller scenarios, under two minutes (5,000-event backlog, 1,000 vs 20,000 history)
  --only <list>       comma-separated scenario names or numbers, e.g. --only ingest,3
  --scale-out         run only scenario 7 (PostgreSQL + Redis; start them first with
                      eval "$(scripts/services.sh start)"); with --quick, its short form
  --strict            also exit 1 when a target is missed (default: only lost/duplicated events fail)
  --profile           run every relay with --cpu-prof (profiles in bench/results/profiles/; figures
                      are then not comparable)
  --help              this text

Scenarios:
${SCENARIOS.map((s) => `  ${s.n} ${s.name.padEnd(10)} ${s.what}`).join('\n')}

Output: the table on stdout, progress on stderr, JSON in bench/results/<time>.json and latest.json.
Exit code: 0 all counts held; 1 an event was lost or duplicated without cause, or a scenario failed
to run (or, with --strict, a target was missed); 2 bad arguments.`;

function parseArgs(argv) {
  const opts = { quick: false, only: null, strict: false, profile: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') opts.quick = true;
    else if (arg === '--strict') opts.strict = true;
    else if (arg === '--profile') opts.profile = true;
    else if (arg === '--scale-out') opts.only = ['scale-out'];
    else if (arg === '--help' || arg === '-h') opts.help = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (!value) throw new Error('Expected a scenario list after --only, got nothing.');
      opts.only = value.split(',').map((s) => s.trim()).filter(Boolean);
    } else if (arg === '--') continue;
    else throw new Error(`Unknown option ${arg}. Run with --help.`);
  }
  return opts;
}

function selectScenarios(only) {
  if (!only) return SCENARIOS.filter((s) => !s.optIn);
  return only.map((key) => {
    const found = SCENARIOS.find((s) => s.name === key || String(s.n) === key);
    if (!found) throw new Error(`Expected a scenario name or number (${SCENARIOS.map((s) => s.name).join(', ')} or 1–7), got "${key}".`);
    return found;
  }).sort((a, b) => a.n - b.n);
}

async function main() {
  let opts;
  let scenarios;
  try {
    opts = parseArgs(process.argv.slice(2));
    scenarios = selectScenarios(opts.only);
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  installCleanup();
  try {
    snapshotRelay();
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    return 1;
  }
  const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
  const relayNodeArgs = opts.profile ? ['--cpu-prof', `--cpu-prof-dir=${resultsDir}profiles`] : [];
  const ctx = new Context({ quick: opts.quick, relayNodeArgs });
  const startedAt = new Date();
  const errors = [];
  progress(`${opts.quick ? 'quick' : 'full'} run: ${scenarios.map((s) => s.name).join(', ')} (Node ${process.version}, ${machine().cpus} cores)`);
  const [load1] = machine().load_average_at_start;
  if (load1 > 0.5) {
    progress(`warning: load average ${load1} at start: something else is using the CPU, and every figure here shares it (ratios less than absolute figures). For figures worth keeping, run on a quiet machine.`);
  }
  for (const scenario of scenarios) {
    const t0 = Date.now();
    try {
      await scenario.run(ctx);
    } catch (err) {
      errors.push({ scenario: scenario.name, error: err.stack ?? String(err) });
      ctx.rows.push({ scenario: `${scenario.n} ${scenario.name}`, figure: 'scenario failed to run', value: String(err.message ?? err).slice(0, 80), unit: '', baseline: null, ratio: null, target: null, pass: false, counts: true });
      progress(`${scenario.name} failed: ${err.stack ?? err}`);
    }
    progress(`${scenario.name} took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await settleDisk();
  }
  const countsOk = ctx.ledgers.every((l) => l.ok) && errors.length === 0;
  const targetsOk = ctx.rows.every((r) => r.counts || r.pass !== false);
  const result = {
    started_at: startedAt.toISOString(),
    duration_s: Number(((Date.now() - startedAt.getTime()) / 1000).toFixed(1)),
    quick: opts.quick,
    profile: opts.profile,
    machine: machine(),
    relay: relayVersion(fileURLToPath(new URL('..', import.meta.url))),
    params: Object.fromEntries(scenarios.map((s) => [s.name, ctx.params[s.name]])),
    rows: ctx.rows,
    notes: ctx.notes,
    checks: ctx.ledgers.map((l) => ({ scenario: l.scenario, ok: l.ok, checks: l.checks })),
    errors,
    counts_ok: countsOk,
    targets_ok: targetsOk,
  };
  const files = writeResults(resultsDir, result);
  const failedChecks = ctx.ledgers.flatMap((l) => l.checks.filter((c) => !c.ok).map((c) => `${l.scenario}: ${c.check}: ${c.detail}`));
  const out = [
    `Switchboard bench, ${opts.quick ? 'quick' : 'full'} run, ${result.started_at}, relay at ${result.relay.commit}${result.relay.relay_dirty ? ' + uncommitted changes' : ''}, Node ${process.version}, ${result.machine.cpus} × ${result.machine.cpu_model}${opts.profile ? ', PROFILING (figures not comparable)' : ''}`,
    '',
    table(ctx.rows),
    '',
    'Notes:',
    ...ctx.notes.map((n) => `- ${n}`),
    ...failedChecks.map((c) => `- COUNT CHECK FAILED: ${c}`),
    '',
    `Counts: ${countsOk ? 'every event in was delivered/stored exactly as expected' : 'FAILED (see above)'}. Targets: ${targetsOk ? 'all met' : 'some missed (FAIL rows)'}.`,
    `Written: ${files.map((f) => f.replace(`${process.cwd()}/`, '')).join(', ')}`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  if (!countsOk) return 1;
  if (opts.strict && !targetsOk) return 1;
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${err.stack ?? err}\n`);
    process.exit(1);
  },
);

/**
 * Between scenarios: flush what the previous one left for the disk (scenario 1 writes ~2 GB of
 * SQLite pages and WAL, then its folder is deleted) and give it a moment, so the next scenario's
 * fsyncs do not queue behind that writeback. Seen: scenario 2's p99 at 1000/s was 57 ms right
 * after scenario 1 and 25 ms when run alone, same build, minutes apart.
 */
async function settleDisk() {
  await new Promise((resolve) => {
    const child = spawn('sync', [], { stdio: 'ignore' });
    child.on('exit', resolve);
    child.on('error', resolve); // no `sync` here: just the pause
  });
  await new Promise((resolve) => setTimeout(resolve, 2_000));
}
