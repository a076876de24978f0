// Scenario 4: scenario 2's set-up (three subscriptions, 1000/s) with one subscriber replaced by
// one that accepts connections and never answers; the healthy ones' p99 against scenario 2's.
// (Keeping three subscriptions keeps the comparison fair: one healthy subscriber alone would do a
// third of scenario 2's delivery work and look better for it.)
// The relay runs its default delivery timeout (15 s), so the dead lane stays full the whole time.
// The load is scenario 2's 1000/s, or the highest rate scenario 2 kept up with if that is lower:
// two runs of a relay that cannot keep up both measure a growing backlog, not isolation.
import { EVENT_TYPE, Scope } from '../lib/context.mjs';
import { describeRun, offeredLoad, warmUp } from '../lib/measure.mjs';
import { n } from '../lib/util.mjs';
import { relayWithSubscribers } from '../lib/setup.mjs';

const NAME = '4 isolation';

export async function isolation(ctx) {
  const p = ctx.params.isolation;
  const ledger = ctx.ledger(NAME);
  const scope = new Scope();
  try {
    let rate = p.rate;
    let seconds = p.seconds;
    const kept = ctx.figures.e2eMaxEvents;
    if (kept && kept < rate && ctx.figures.e2eRuns?.has(kept)) rate = kept;
    let base = ctx.figures.e2eRuns?.get(rate);
    if (base) seconds = base.seconds;
    else {
      ctx.step(`4/6 isolation: scenario 2 did not run; measuring its ${rate}/s baseline first (3 subscribers)`);
      const inner = new Scope();
      try {
        const s2 = await relayWithSubscribers(ctx, inner, { count: ctx.params.e2e.subscribers, prefix: 'e2e' });
        await warmUp(ctx, s2, ledger);
        await rampUp(ctx, s2, ledger, rate);
        base = await offeredLoad(ctx, { ...s2, rate, seconds, ledger, label: `baseline ${rate}/s` });
      } finally {
        await inner.close();
      }
    }
    const healthy = ctx.params.e2e.subscribers - 1;
    const { sub, relay, ingestUrl, paths } = await relayWithSubscribers(ctx, scope, { count: healthy, prefix: 'healthy' });
    await sub.setMode('/h/dead', 'hang');
    await warmUp(ctx, { sub, relay, ingestUrl, paths }, ledger);
    await relay.createHook(sub.target('/h/dead'), EVENT_TYPE);
    const rampIds = await rampUp(ctx, { sub, relay, ingestUrl, paths }, ledger, rate);
    ctx.step(`4/6 isolation: ${rate}/s for ${seconds} s, ${healthy} healthy subscribers next to one that never answers`);
    const r = await offeredLoad(ctx, { relay, sub, ingestUrl, paths, rate, seconds, ledger, label: 'healthy' });
    ctx.step(`    ${describeRun(r)}`);
    const dead = (await sub.counts())['/h/dead'] ?? { requests: 0 };
    const deadIds = (await sub.report('/h/dead')).ids;
    const strays = deadIds.filter((id) => !r.answeredIds.has(id) && !rampIds.has(id)).length;
    ledger.check('dead neighbour: only answered events reached it', strays === 0, `${deadIds.length} requests, ${strays} for ids never answered 202`);
    ctx.step(`    healthy p50 ${r.delivery.p50?.toFixed(1)} ms, p99 ${r.delivery.p99?.toFixed(1)} ms; the dead one holds ${dead.requests} requests`);
    ctx.row(NAME, `healthy p99 at ${rate}/s, one dead neighbour (vs scenario 2)`, { value: r.delivery.p99, unit: 'ms', baseline: base.delivery.p99, baselineOf: `scenario 2 p99 at ${rate}/s`, target: { text: 'ratio ≤ 2', test: (_v, ratio) => ratio !== null && ratio <= 2 }, higherIsBetter: false });
    ctx.row(NAME, `healthy p50 at ${rate}/s, one dead neighbour (vs scenario 2)`, { value: r.delivery.p50, unit: 'ms', baseline: base.delivery.p50, baselineOf: `scenario 2 p50 at ${rate}/s`, higherIsBetter: false });
    ctx.countsRow(NAME, ledger, `${n(r.answered)} answered 202, ${n(r.deliveries)} delivered to ${healthy} healthy`);
    ctx.note(`${NAME}: ${rate}/s for ${seconds} s, after the lower steps of scenario 2's ladder on the same relay, as scenario 2 reaches that rate${rate < p.rate ? ` (scenario 2 did not keep up with ${p.rate}/s; ${rate}/s is the highest rate it kept up with)` : ''}; the dead subscriber accepted ${dead.requests} requests and answered none (its lane: SWITCHBOARD_DELIVERY_CONCURRENCY_PER_HOOK, default 8; attempts time out after the default 15 s). Peak RSS ${Math.round(relay.peakRss / 2 ** 20)} MB.`);
  } finally {
    await scope.close();
  }
}

/**
 * Scenario 2 measures each rate after its lower steps on the same relay (JIT warm, heap grown,
 * sockets open). A fresh relay thrown straight into 1000/s spends its first ~2 s warming up
 * (healthy p99 ~300 ms in those seconds, ~10 ms after, seen in every such run with or without a
 * dead neighbour), so the baseline and the isolation run both go through the same lower steps
 * first (counted in the ledger, not measured). Returns the event ids answered meanwhile (the dead
 * neighbour's held requests are among them).
 */
async function rampUp(ctx, setup, ledger, rate) {
  const e2e = ctx.params.e2e;
  const steps = [...new Set([...e2e.fixedRates, ...e2e.stepRates])].filter((r) => r < rate).sort((a, b) => a - b);
  const answered = new Set();
  for (const step of steps) {
    ctx.step(`4/6 isolation: ramp ${step}/s for ${e2e.stepSeconds} s (not measured)`);
    const run = await offeredLoad(ctx, { ...setup, rate: step, seconds: e2e.stepSeconds, ledger, label: `ramp ${step}/s` });
    for (const id of run.answeredIds) answered.add(id);
  }
  return answered;
}
