// Scenario 2: vendor POST to subscriber receipt with three subscribers, at fixed offered loads
// (open loop), against the one-hop floor (the same sender straight to a subscriber); then the
// offered load steps up until delivery no longer keeps up.
import { Scope } from '../lib/context.mjs';
import { directHop, offeredLoad, warmUp } from '../lib/measure.mjs';
import { relayWithSubscribers } from '../lib/setup.mjs';
import { n, sleep } from '../lib/util.mjs';

const NAME = '2 end-to-end';

const fmt = (r) => `answered ${Math.round(r.answeredRate)}/s, delivered ${Math.round(r.deliveredRate)}/s, p50 ${r.delivery.p50?.toFixed(1)} ms, p99 ${r.delivery.p99?.toFixed(1)} ms, median first/last fifth ${r.latencyFirstFifthP50.toFixed(1)}/${r.latencyLastFifthP50.toFixed(1)} ms, ingest p99 ${r.ingest.p99?.toFixed(1)} ms, relay CPU ${Math.round(r.relayCpuPercent)} %, event-loop delay p99/max ${r.loopLagP99Ms.toFixed(1)}/${r.loopLagMaxMs.toFixed(1)} ms, ${Math.round(r.commitsPerSecond)} commits/s of ${r.jobsPerCommit.toFixed(1)} writes, p99 by tenth ${r.p99ByTenth.map((v) => (v === null ? '-' : Math.round(v))).join('/')}${r.sustained ? '' : ' (not kept up)'}`;

export async function e2e(ctx) {
  const p = ctx.params.e2e;
  const ledger = ctx.ledger(NAME);
  const scope = new Scope();
  try {
    const setup = await relayWithSubscribers(ctx, scope, { count: p.subscribers, prefix: 'e2e' });
    const { sub, relay, ingestUrl, paths } = setup;
    ctx.figures.e2eRuns = new Map();
    const warm = await warmUp(ctx, setup, ledger);
    const runs = [];
    let inCount = warm.answered;
    let outCount = warm.deliveries;
    const run = async (rate, seconds, what) => {
      ctx.step(`2/6 end-to-end: ${what} at ${rate}/s for ${seconds} s, ${p.subscribers} subscribers`);
      const r = await offeredLoad(ctx, { relay, sub, ingestUrl, paths, rate, seconds, ledger, label: `${rate}/s` });
      inCount += r.answered;
      outCount += r.deliveries;
      ctx.step(`    ${fmt(r)}`);
      runs.push(r);
      ctx.figures.e2eRuns.set(rate, r);
      await sleep(500);
      return r;
    };
    // One ascending ladder: the fixed loads always run (their figures are reported); the extra
    // steps only while every lower rate has kept up. "Highest sustained" is the highest rate that
    // kept up with every lower one kept up too.
    const ladder = [...new Set([...p.fixedRates, ...p.stepRates])].sort((a, b) => a - b);
    let best = null;
    let failed = false;
    for (const rate of ladder) {
      const fixed = p.fixedRates.includes(rate);
      if (!fixed && failed) continue;
      let floor = null;
      if (fixed) {
        ctx.step(`2/6 end-to-end: one-hop floor (sender → subscriber directly) at ${rate}/s`);
        floor = await directHop(ctx, { sub, path: '/direct', rate, seconds: Math.min(p.seconds, 5) });
      }
      const r = await run(rate, fixed ? p.seconds : p.stepSeconds, fixed ? 'fixed load' : 'step');
      if (r.sustained && !failed) best = r;
      if (!r.sustained) failed = true;
      if (!fixed) continue;
      const target = rate === 1000 ? { text: '≤ 50 ms', test: (v) => v <= 50 } : null;
      ctx.row(NAME, `p50 at ${rate}/s (vs one hop)`, { value: r.delivery.p50, unit: 'ms', baseline: floor.p50, baselineOf: 'sender → subscriber directly, same rate', higherIsBetter: false });
      ctx.row(NAME, `p99 at ${rate}/s (vs one hop)`, { value: r.delivery.p99, unit: 'ms', baseline: floor.p99, baselineOf: 'sender → subscriber directly, same rate', target, higherIsBetter: false });
      ctx.figures[`e2e${rate}`] = r;
    }
    const bestRate = best?.rate ?? 0;
    ctx.figures.e2eMaxEvents = bestRate;
    ctx.row(NAME, `highest sustained rate, events/s (×${p.subscribers} deliveries; vs ingest)`, { value: bestRate, unit: 'ev/s', baseline: ctx.figures.ingestRps ?? null, baselineOf: 'scenario 1 relay ingest events/s' });
    ctx.countsRow(NAME, ledger, `${n(inCount)} answered 202, ${n(outCount)} delivered (warm-up included)`);
    ctx.note(`${NAME}: open loop; steps tried ${runs.map((r) => `${r.rate}/s${r.sustained ? '' : ' (not kept up)'}`).join(', ')}; "kept up" = all delivered, answered ≥95 % of offered, p99 ≤ 1 s, median latency of the last fifth of the events ≤ that of the first fifth + max(50 ms, itself). Peak RSS ${Math.round(relay.peakRss / 2 ** 20)} MB.`);
    const r1000 = ctx.figures.e2e1000;
    if (r1000) ctx.note(`${NAME}: at 1000/s, ingest answer p99 ${r1000.ingest.p99?.toFixed(1)} ms; all three subscribers have an event by p99 ${r1000.allSubscribers.p99?.toFixed(1)} ms.`);
  } finally {
    await scope.close();
  }
}
