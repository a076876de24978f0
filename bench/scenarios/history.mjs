// Scenario 6: ingest throughput with a small and a large history already stored (no
// subscriptions). Two relays: one pre-filled to `low` events, one to `high`; then the same number
// of requests is measured on each, alternating, for `rounds` rounds, so machine drift hits both
// alike. The figure is the ratio of the totals.
import { Scope } from '../lib/context.mjs';
import { load } from '../lib/processes.mjs';

const NAME = '6 history';

async function fillTo(ctx, relay, url, target, connections) {
  const have = (await relay.metrics()).events;
  if (target > have) await load({ url, body: ctx.body, connections, amount: target - have });
  return (await relay.metrics()).events;
}

async function measure(ctx, side, p, ledger, label) {
  const before = await side.relay.metrics();
  const r = await load({ url: side.url, body: ctx.body, connections: p.connections, amount: p.measure });
  const after = await side.relay.metrics();
  ledger.stored(r.status_2xx, after.events - before.events, `${label}: stored = answered 202`);
  ledger.check(`${label}: every request answered 202`, r.status_2xx === p.measure, `${r.status_2xx}/${p.measure} 2xx, ${r.non_2xx} non-2xx, ${r.errors} errors`);
  side.ok += r.status_2xx;
  side.s += r.duration_s;
  side.rounds.push(r.rps);
  return r;
}

async function prepare(ctx, scope, p, stored) {
  const relay = scope.add(await ctx.startRelay());
  const url = await relay.createSource();
  // Warm-up without growing the history: repeats of one Idempotency-Key are answered as duplicates.
  await load({ url, body: ctx.body, connections: p.connections, duration: p.warmupS, headers: { 'idempotency-key': 'bench-warm-up' } });
  const filled = await fillTo(ctx, relay, url, stored, p.connections);
  return { relay, url, stored: filled, ok: 0, s: 0, rounds: [] };
}

export async function history(ctx) {
  const p = ctx.params.history;
  const ledger = ctx.ledger(NAME);
  const scope = new Scope();
  const fmt = (n) => n.toLocaleString('en-US');
  try {
    ctx.step(`6/6 history: a relay with ${fmt(p.low)} events stored`);
    const low = await prepare(ctx, scope, p, p.low);
    ctx.step(`6/6 history: a relay with ${fmt(p.high)} events stored (filling takes a while)`);
    const high = await prepare(ctx, scope, p, p.high);
    for (let round = 1; round <= p.rounds; round++) {
      for (const side of [low, high]) {
        const r = await measure(ctx, side, p, ledger, `${fmt(side.stored)} stored, round ${round}`);
        ctx.step(`    round ${round}/${p.rounds}: ${Math.round(r.rps)} events/s with ${fmt(side.stored)} (+${fmt(side.ok - r.status_2xx)}) stored`);
      }
    }
    const rps = (side) => side.ok / side.s;
    const totalStored = (await low.relay.metrics()).events + (await high.relay.metrics()).events;
    ctx.row(NAME, `ingest events/s with ${fmt(p.high)} stored (vs ${fmt(p.low)})`, { value: rps(high), unit: 'ev/s', baseline: rps(low), baselineOf: `a relay with ${p.low} events stored, measured alternately`, target: { text: 'ratio ≥ 0.80', test: (_v, r) => r >= 0.8 } });
    ctx.countsRow(NAME, ledger, `${fmt(low.ok + high.ok)} measured answered 202; ${fmt(totalStored)} stored in all`);
    ctx.note(`${NAME}: ${fmt(p.low)} vs ${fmt(p.high)} events stored${ctx.quick ? ' (--quick; the full run uses 1,000 vs 100,000)' : ''}; ${p.rounds} alternating rounds of ${fmt(p.measure)} requests per relay, ${p.connections} connections; per-round ratios ${high.rounds.map((r, i) => (r / low.rounds[i]).toFixed(2)).join(', ')}; peak RSS ${(high.relay.peakRss / 2 ** 20).toFixed(0)} MB with the large history.`);
  } finally {
    await scope.close();
  }
}
