// Scenario 3: one event type, 100 subscribers. A steady phase (a few events/s, each delivered 100
// times) for latency, then a burst for the delivery rate the relay reaches across 100 lanes.
import { Scope } from '../lib/context.mjs';
import { latencyMs } from '../lib/ledger.mjs';
import { offeredLoad } from '../lib/measure.mjs';
import { send } from '../lib/processes.mjs';
import { n } from '../lib/util.mjs';
import { relayWithSubscribers } from '../lib/setup.mjs';

const NAME = '3 fan-out';

export async function fanout(ctx) {
  const p = ctx.params.fanout;
  const ledger = ctx.ledger(NAME);
  const scope = new Scope();
  try {
    ctx.step(`3/6 fan-out: starting a relay with ${p.subscribers} subscriptions`);
    const { sub, relay, ingestUrl, paths } = await relayWithSubscribers(ctx, scope, { count: p.subscribers, prefix: 'fan' });
    ctx.step(`3/6 fan-out: ${p.rate} events/s for ${p.seconds} s → ${p.rate * p.subscribers} deliveries/s`);
    const steady = await offeredLoad(ctx, { relay, sub, ingestUrl, paths, rate: p.rate, seconds: p.seconds, ledger, label: 'steady' });
    ctx.step(`    p50 ${steady.delivery.p50?.toFixed(1)} ms, p99 ${steady.delivery.p99?.toFixed(1)} ms, all ${p.subscribers} by p99 ${steady.allSubscribers.p99?.toFixed(1)} ms`);

    ctx.step(`3/6 fan-out: burst of ${p.burstEvents} events → ${p.burstEvents * p.subscribers} deliveries`);
    await sub.reset();
    const before = await relay.metrics();
    const sent = await send({ url: ingestUrl, body: ctx.body, count: p.burstEvents, rate: 0, concurrency: 8 });
    await sub.waitFor(paths, sent.ok, { stallMs: 20_000 });
    const receipts = {};
    for (const path of paths) receipts[path] = await sub.report(path);
    const after = await relay.metrics();
    ledger.stored(sent.ok, after.events - before.events, 'burst: stored = answered 202');
    const burst = ledger.deliveries(sent, receipts, { notOkAttempts: after.attempts_not_ok - before.attempts_not_ok, label: 'burst' });
    const burstRate = burst.received / ((burst.lastReceipt - sent.start_us) / 1e6);
    const burstAll = latencyMs(burst.eventLatencies);
    ctx.step(`    ${Math.round(burstRate)} deliveries/s; last subscriber's copy p99 ${burstAll.p99?.toFixed(0)} ms after the send`);

    const base = ctx.figures.e2e200;
    ctx.row(NAME, `p99 per delivery at ${p.rate}/s × ${p.subscribers} (vs 200/s × 3)`, { value: steady.delivery.p99, unit: 'ms', baseline: base?.delivery.p99 ?? null, baselineOf: 'scenario 2 p99 at 200/s × 3 subscribers', higherIsBetter: false });
    ctx.row(NAME, `p99 until all ${p.subscribers} have it (vs all 3)`, { value: steady.allSubscribers.p99, unit: 'ms', baseline: base?.allSubscribers.p99 ?? null, baselineOf: 'scenario 2, all 3 subscribers at 200/s', higherIsBetter: false });
    const maxDeliveries = ctx.figures.e2eMaxEvents ? ctx.figures.e2eMaxEvents * ctx.params.e2e.subscribers : null;
    ctx.row(NAME, `burst delivery rate, deliveries/s (vs scenario 2 max)`, { value: burstRate, unit: 'dl/s', baseline: maxDeliveries, baselineOf: 'scenario 2 highest sustained deliveries/s (3 subscribers)' });
    ctx.countsRow(NAME, ledger, `${n(steady.answered + sent.ok)} answered 202, ${n(steady.deliveries + burst.received)} delivered`);
    ctx.note(`${NAME}: steady ${p.rate}/s for ${p.seconds} s, then ${p.burstEvents} events sent as fast as 8 connections allow; burst rate = deliveries / (last receipt − first send). Peak RSS ${Math.round(relay.peakRss / 2 ** 20)} MB.`);
  } finally {
    await scope.close();
  }
}
