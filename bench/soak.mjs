#!/usr/bin/env node
// `pnpm soak`: the relay under mixed load for a long time (default 30 minutes), watched once a
// minute. Not part of `pnpm test`; CI runs its short form. See docs/reliability.md.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { installCleanup } from './lib/proc.mjs';
import { startSubscriber } from './lib/processes.mjs';
import { snapshotRelay, startRelay } from './lib/relay.mjs';
import { progress, sleep } from './lib/util.mjs';
import { loadSamples } from './soak/fixtures.mjs';
import { AdminLoad, IngestLoad } from './soak/traffic.mjs';
import { handleGrowth, memoryGrowth } from './soak/verdict.mjs';

const HELP = `Usage: pnpm soak [--minutes N] [--rate R] [--sample-seconds S] [--allow-growth-mb M]
       (or: node bench/soak.mjs ..., after building the relay)

Runs one relay (relay/dist/main.js, embedded store, default settings) for N minutes under:
  - vendor webhooks from all four vendors' samples at R requests/s (open loop), some repeated
    (must be answered 200 duplicate);
  - three subscribers: one healthy (every event), one answering 500 (two Clarky types, retried,
    switched off by the relay and back on by the soak), one that never answers (one Clarky type);
  - admin calls every 2 s: listings, stats, a manual retry, a test send, a replay, a subscription
    created and deleted, a token rotation, a wrong-token request.
Every S seconds it prints the relay's RSS, heap, event-loop delay p99 and open handles, and the
ingest answers since the last line. At the end it waits for the healthy subscriber to have every
acknowledged event.

  --minutes N          how long the load runs (default 30)
  --rate R             vendor requests per second (default 40)
  --sample-seconds S   seconds between report lines (default 60, or 10 under 10 minutes)
  --allow-growth-mb M  RSS growth over the run, after warm-up, taken for a leak (default 64)
  --help               this text

Exit code: 0 passed; 1 an acknowledged event never reached the healthy subscriber, a vendor
request was answered 5xx or not at all, memory or open handles kept growing, or the relay died;
2 bad arguments. The figures also go to bench/results/soak-<time>.json.`;

function parseArgs(argv) {
  const opts = { minutes: 30, rate: 40, sampleSeconds: null, allowGrowthMb: 64, help: false };
  const numeric = { '--minutes': 'minutes', '--rate': 'rate', '--sample-seconds': 'sampleSeconds', '--allow-growth-mb': 'allowGrowthMb' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    if (flag === '--help' || flag === '-h') opts.help = true;
    else if (flag === '--') continue;
    else if (numeric[flag]) {
      const raw = inline ?? argv[++i];
      const value = Number(raw);
      if (!Number.isFinite(value) || value <= 0) throw new Error(`Expected \`${flag}\` to be a number > 0, got ${JSON.stringify(raw ?? null)}.`);
      opts[numeric[flag]] = value;
    } else throw new Error(`Unknown option ${argv[i]}. Run with --help.`);
  }
  opts.sampleSeconds ??= opts.minutes < 10 ? 10 : 60;
  return opts;
}

async function setUp(relay, sub) {
  const sources = {};
  for (const vendor of ['clarky', 'clarityflow', 'clockwise_md', 'clockwork']) {
    sources[vendor] = await relay.api('POST', '/sources', { vendor, name: `soak ${vendor}` });
  }
  const hook = async (path, eventTypes) => (await relay.api('POST', '/hooks', { target_url: sub.target(path), event_types: eventTypes, retry_schedule: [1, 2, 5] })).id;
  const hooks = {
    ok: await hook('/soak/ok', ['*']),
    fail: await hook('/soak/fail', ['clarky.booking.cancelled', 'clarky.contact.created']),
    hang: await hook('/soak/hang', ['clarky.message.received']),
    // Receives only what the soak replays to it (no vendor sends this type).
    replay: await hook('/soak/replay', ['clockwork.soak_replay_only']),
  };
  await sub.setMode('/soak/fail', 'fail');
  await sub.setMode('/soak/hang', 'hang');
  return { sources, hooks };
}

async function sample(relay, load, minute) {
  const m = await relay.metrics();
  return {
    minute: Number(minute.toFixed(2)),
    rss_mb: Math.round((relay.rss() ?? 0) / 2 ** 20),
    heap_used_mb: Math.round(m.heap_used_mb),
    loop_p99_ms: Number(m.loop_lag_p99_ms.toFixed(1)),
    handles: m.handles,
    pending: m.pending,
    ingest: load.takeWindow(),
  };
}

function line(s) {
  const statuses = Object.entries(s.ingest.statuses).map(([k, v]) => `${k}×${v}`).join(' ');
  return `  min ${s.minute.toFixed(1).padStart(5)}  RSS ${String(s.rss_mb).padStart(4)} MB  heap ${String(s.heap_used_mb).padStart(4)} MB  loop p99 ${String(s.loop_p99_ms).padStart(6)} ms  handles ${String(s.handles).padStart(4)}  pending ${String(s.pending).padStart(6)}  ingest ${statuses || '-'}${s.ingest.errors ? ` errors×${s.ingest.errors}` : ''} p99 ${s.ingest.p99_ms?.toFixed(1) ?? '-'} ms`;
}

/** Waits until `path` has every id of `ids`, or nothing new arrived for `stallMs`. Returns the ids missing. */
async function waitForAll(sub, path, ids, stallMs) {
  let missing = ids.size;
  let lastChange = Date.now();
  for (;;) {
    const seen = new Set((await sub.report(path)).ids);
    const left = [...ids].filter((id) => !seen.has(id));
    if (left.length === 0 || Date.now() - lastChange > stallMs) return { left, seen };
    if (left.length !== missing) {
      missing = left.length;
      lastChange = Date.now();
    }
    await sleep(1_000);
  }
}

async function soak(opts) {
  snapshotRelay();
  const samples = loadSamples();
  const sub = await startSubscriber();
  // The relay as a user runs it, but with its API key known to the soak.
  const relay = await startRelay({ env: { SWITCHBOARD_LOG_LEVEL: 'info', SWITCHBOARD_INGEST_RATE_LIMIT: '60000' }, name: 'relay' });
  const checks = [];
  const check = (name, ok, detail) => {
    checks.push({ check: name, ok, detail });
    progress(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${detail}`);
  };
  try {
    const { sources, hooks } = await setUp(relay, sub);
    const urls = Object.fromEntries(Object.entries(sources).map(([vendor, s]) => [vendor, s.ingest_url]));
    const load = new IngestLoad({ samples, urls, rate: opts.rate });
    const admin = new AdminLoad({ relay, hooks, sources, load, target: (p) => sub.target(p), everyMs: 2_000 });
    progress(`soak: ${opts.minutes} min at ${opts.rate} vendor requests/s (${samples.length} samples of 4 vendors), admin call every 2 s; a line every ${opts.sampleSeconds} s`);
    const startedAt = Date.now();
    const series = [await sample(relay, load, 0)];
    progress(line(series[0]));
    load.start();
    admin.start();
    const endAt = startedAt + opts.minutes * 60_000;
    while (Date.now() < endAt) {
      await sleep(Math.min(opts.sampleSeconds * 1000, endAt - Date.now()));
      if (relay.handle.child.exitCode !== null || relay.handle.child.signalCode !== null) throw new Error(`the relay died (${relay.handle.child.exitCode ?? relay.handle.child.signalCode}): ${relay.handle.stderr.slice(-1500)}`);
      const s = await sample(relay, load, (Date.now() - startedAt) / 60_000);
      series.push(s);
      progress(line(s));
    }
    await admin.stop();
    await load.stop();
    progress(`load stopped: ${load.acknowledged.size} events acknowledged; waiting for the healthy subscriber to have them all`);

    const acknowledged = new Set(load.acknowledged.keys());
    const { left, seen } = await waitForAll(sub, '/soak/ok', acknowledged, 60_000);
    check('every acknowledged event reached the healthy subscriber', left.length === 0, `${acknowledged.size - left.length} of ${acknowledged.size}${left.length ? `; missing e.g. ${left.slice(0, 5).join(', ')}` : ''}`);
    const okReport = await sub.report('/soak/ok');
    const repeats = okReport.ids.filter((id) => acknowledged.has(id)).length - [...seen].filter((id) => acknowledged.has(id)).length;
    check('the healthy subscriber got each event once', repeats === 0, `${repeats} repeated webhook-ids (it always answers 200 at once)`);
    const replayed = await waitForAll(sub, '/soak/replay', admin.replayed, 30_000);
    check('every replay was delivered', replayed.left.length === 0, `${admin.replayed.size - replayed.left.length} of ${admin.replayed.size}`);
    const fiveXx = Object.entries(load.totals.statuses).filter(([status]) => Number(status) >= 500).reduce((a, [, v]) => a + v, 0);
    check('no vendor request answered 5xx or left unanswered', fiveXx === 0 && load.totals.errors === 0, `${fiveXx} answered 5xx, ${load.totals.errors} without an answer, of ${load.totals.sent + load.repeats.sent}`);
    check('repeated vendor events answered as duplicates', load.repeats.answeredDuplicate === load.repeats.sent, `${load.repeats.answeredDuplicate} of ${load.repeats.sent}`);
    check('admin calls succeeded', admin.calls.failed === 0, `${admin.calls.ok} ok, ${admin.calls.failed} failed${admin.failures.length ? `: ${admin.failures.slice(0, 3).join('; ')}` : ''}`);

    const warmup = Math.max(1, opts.minutes * 0.1);
    const measured = series.filter((s) => s.minute >= warmup);
    const memory = memoryGrowth(measured, opts.allowGrowthMb);
    check('memory does not keep growing', !memory.growing, `RSS trend ${memory.trend_mb.toFixed(1)} MB over the run after ${warmup} min warm-up (${memory.mb_per_minute.toFixed(2)} MB/min); middle third ${memory.middle_third_mb} MB, last third ${memory.last_third_mb} MB; allowed ${opts.allowGrowthMb} MB`);
    const handles = handleGrowth(measured, 20);
    check('open handles do not keep growing', !handles.growing, handles.middle_third_max === null ? 'too few samples after the warm-up to judge' : `middle third at most ${handles.middle_third_max}, last third at least ${handles.last_third_min}`);

    return { opts, series, checks, totals: load.totals, acknowledged: acknowledged.size, repeats: load.repeats, admin: admin.calls, memory, handles, ok: checks.every((c) => c.ok) };
  } finally {
    await relay.close();
    await sub.close();
  }
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  installCleanup();
  const result = await soak(opts);
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  fs.mkdirSync(dir, { recursive: true });
  const file = `${dir}soak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`soak ${result.ok ? 'passed' : 'FAILED'}: ${result.checks.filter((c) => c.ok).length} of ${result.checks.length} checks; figures in ${file}\n`);
  return result.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${err.stack ?? err}\n`);
    process.exit(1);
  },
);
