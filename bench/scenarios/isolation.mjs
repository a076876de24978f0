// Scenario 4: scenario 2's set-up (three subscriptions, 1000/s) with one subscriber replaced by
// one that accepts connections and never answers; the healthy ones' p99 against scenario 2's.
// (Keeping three subscriptions keeps the comparison fair: one healthy subscriber alone would do a
// third of scenario 2's delivery work and look better for it.)
// The relay runs its default delivery timeout (15 s), so the dead lane stays full the whole time.
// The load is scenario 2's 1000/s, or the highest rate scenario 2 kept up with if that is lower:
// two runs of a relay that cannot keep up both measure a growing backlog, not isolation.
import { EVENT_TYPE, Scope } from '../lib/context.mjs';
import { offeredLoad, warmUp } from '../lib/measure.mjs';
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
    ctx.step(`4/6 isolation: ${rate}/s for ${seconds} s, ${healthy} healthy subscribers next to one that never answers`);
    const r = await offeredLoad(ctx, { relay, sub, ingestUrl, paths, rate, seconds, ledger, label: 'healthy' });
    const dead = (await sub.counts())['/h/dead'] ?? { requests: 0 };
    const deadIds = (await sub.report('/h/dead')).ids;
    const strays = deadIds.filter((id) => !r.answeredIds.has(id)).length;
    ledger.check('dead neighbour: only answered events reached it', strays === 0, `${deadIds.length} requests, ${strays} for ids never answered 202`);
    ctx.step(`    healthy p50 ${r.delivery.p50?.toFixed(1)} ms, p99 ${r.delivery.p99?.toFixed(1)} ms; the dead one holds ${dead.requests} requests`);
    ctx.row(NAME, `healthy p99 at ${rate}/s, one dead neighbour (vs scenario 2)`, { value: r.delivery.p99, unit: 'ms', baseline: base.delivery.p99, baselineOf: `scenario 2 p99 at ${rate}/s`, target: { text: 'ratio ≤ 2', test: (_v, ratio) => ratio !== null && ratio <= 2 }, higherIsBetter: false });
    ctx.row(NAME, `healthy p50 at ${rate}/s, one dead neighbour (vs scenario 2)`, { value: r.delivery.p50, unit: 'ms', baseline: base.delivery.p50, baselineOf: `scenario 2 p50 at ${rate}/s`, higherIsBetter: false });
    ctx.countsRow(NAME, ledger, `${n(r.answered)} answered 202, ${n(r.deliveries)} delivered to ${healthy} healthy`);
    ctx.note(`${NAME}: ${rate}/s for ${seconds} s${rate < p.rate ? ` (scenario 2 did not keep up with ${p.rate}/s; ${rate}/s is the highest rate it kept up with)` : ''}; the dead subscriber accepted ${dead.requests} requests and answered none (its lane: SWITCHBOARD_DELIVERY_CONCURRENCY_PER_HOOK, default 8; attempts time out after the default 15 s). Peak RSS ${Math.round(relay.peakRss / 2 ** 20)} MB.`);
  } finally {
    await scope.close();
  }
}
