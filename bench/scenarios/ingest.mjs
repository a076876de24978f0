// Scenario 1: ingest throughput and latency, closed loop (autocannon, same connections), against
// a bare node:http server that parses the same JSON and answers 202: the ceiling for this stack.
// Each side: a warm-up, then a fixed number of requests (≈ `seconds` at the warm-up rate), so every
// request is answered before the count is read. Full runs alternate bare/relay twice.
import { Scope } from '../lib/context.mjs';
import { load, startBareServer } from '../lib/processes.mjs';
import { readCpuSeconds } from '../lib/relay.mjs';
import { n, sleep } from '../lib/util.mjs';

const NAME = '1 ingest';

async function measure(ctx, url, p) {
  const warm = await load({ url, body: ctx.body, connections: p.connections, duration: p.warmupS });
  await sleep(300);
  return { warm, run: { amount: Math.max(1_000, Math.round(warm.rps * p.seconds)) } };
}

export async function ingest(ctx) {
  const p = ctx.params.ingest;
  const ledger = ctx.ledger(NAME);
  const scope = new Scope();
  try {
    const bare = scope.add(await startBareServer());
    const relay = scope.add(await ctx.startRelay());
    const ingestUrl = await relay.createSource();
    const totals = { bare: { ok: 0, s: 0, p50: [], p99: [], non2xx: 0, cpu: [], loaderCpu: [], rounds: [] }, relay: { ok: 0, s: 0, p50: [], p99: [], non2xx: 0, stored: 0, cpu: [], loaderCpu: [], rounds: [] } };
    for (let round = 1; round <= p.rounds; round++) {
      for (const side of ['bare', 'relay']) {
        const url = side === 'bare' ? bare.url : ingestUrl;
        ctx.step(`1/6 ingest: ${side === 'bare' ? 'bare node:http' : 'relay'}, round ${round}/${p.rounds}, ${p.connections} connections`);
        const { run } = await measure(ctx, url, p);
        const before = side === 'relay' ? await relay.metrics() : null;
        const server = side === 'relay' ? relay.pid : bare.pid;
        const cpu0 = readCpuSeconds(server);
        const result = await load({ url, body: ctx.body, connections: p.connections, amount: run.amount });
        const cpu = (readCpuSeconds(server) - cpu0) / result.duration_s;
        const t = totals[side];
        t.ok += result.status_2xx;
        t.s += result.duration_s;
        t.p50.push(result.latency_p50_ms);
        t.p99.push(result.latency_p99_ms);
        t.non2xx += result.non_2xx + result.errors;
        t.cpu.push(cpu);
        t.loaderCpu.push(result.loader_cpu);
        t.rounds.push(result.rps);
        if (side === 'relay') {
          const after = await relay.metrics();
          t.stored += after.events - before.events;
          ledger.stored(result.status_2xx, after.events - before.events, `round ${round}: stored = answered 202`);
          ledger.check(`round ${round}: no duplicates`, after.duplicates === before.duplicates, `${after.duplicates - before.duplicates} recognised as duplicates`);
        }
        ctx.step(`    ${Math.round(result.rps)} events/s, p50 ${result.latency_p50_ms} ms, p99 ${result.latency_p99_ms} ms, non-2xx ${result.non_2xx}, errors ${result.errors}, server CPU ${Math.round(cpu * 100)} %, autocannon CPU ${Math.round(result.loader_cpu * 100)} %`);
      }
    }
    const avg = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const rps = { bare: totals.bare.ok / totals.bare.s, relay: totals.relay.ok / totals.relay.s };
    ctx.figures.ingestRps = rps.relay;
    ctx.row(NAME, 'events/s answered 202 (vs bare node:http)', { value: rps.relay, unit: 'ev/s', baseline: rps.bare, baselineOf: 'bare node:http server, same load', target: { text: 'ratio ≥ 0.50', test: (_v, r) => r >= 0.5 } });
    ctx.row(NAME, 'latency p50 at saturation (vs bare)', { value: avg(totals.relay.p50), unit: 'ms', baseline: avg(totals.bare.p50), baselineOf: 'bare node:http server', higherIsBetter: false });
    ctx.row(NAME, 'latency p99 at saturation (vs bare)', { value: avg(totals.relay.p99), unit: 'ms', baseline: avg(totals.bare.p99), baselineOf: 'bare node:http server', higherIsBetter: false });
    ctx.row(NAME, 'non-2xx or errors under load', { value: totals.relay.non2xx, unit: '', target: { text: '= 0', test: (v) => v === 0 } });
    ctx.countsRow(NAME, ledger, `${n(totals.relay.ok)} answered 202, ${n(totals.relay.stored)} stored`);
    ctx.note(`${NAME}: closed loop, autocannon with ${p.connections} connections, ${p.rounds} round(s) of ~${p.seconds} s per side after a ${p.warmupS} s warm-up; no subscriptions; per-round ratios ${totals.relay.rounds.map((r, i) => (r / totals.bare.rounds[i]).toFixed(2)).join(', ')}; CPU during the measurement (% of one core): relay ${Math.round(avg(totals.relay.cpu) * 100)} %, bare ${Math.round(avg(totals.bare.cpu) * 100)} %, autocannon ${Math.round(avg(totals.relay.loaderCpu) * 100)} % / ${Math.round(avg(totals.bare.loaderCpu) * 100)} %; relay peak RSS ${Math.round(relay.peakRss / 2 ** 20)} MB.`);
  } finally {
    await scope.close();
  }
}
