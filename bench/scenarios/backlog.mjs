// Scenario 5: the subscriber is down while N events arrive, then comes back.
// "Down" = it accepts connections and does not answer (mode `hold`), with the relay's delivery
// timeout raised to 120 s so nothing times out meanwhile: the relay's lane holds its 8 attempts
// and everything else waits in the store. "Back" = it answers the held requests and every new one.
// (Refused connections would instead schedule retries per the retry schedule, 60 s and more
// apart, so the "drain" would measure the schedule, not the relay.)
import { Scope } from '../lib/context.mjs';
import { send } from '../lib/processes.mjs';
import { n, sleep } from '../lib/util.mjs';
import { relayWithSubscribers } from '../lib/setup.mjs';

const NAME = '5 backlog';

export async function backlog(ctx) {
  const p = ctx.params.backlog;
  const ledger = ctx.ledger(NAME);
  const scope = new Scope();
  try {
    const { sub, relay, ingestUrl, paths } = await relayWithSubscribers(ctx, scope, { count: 1, prefix: 'backlog', relayEnv: { SWITCHBOARD_DELIVERY_TIMEOUT_MS: String(p.timeoutMs) } });
    const [path] = paths;
    await sub.setMode(path, 'hold');
    const idleRss = relay.rss();
    relay.resetPeak();
    ctx.step(`5/6 backlog: subscriber down, ${p.events} events arriving (${p.concurrency} connections)`);
    const before = await relay.metrics();
    const sent = await send({ url: ingestUrl, body: ctx.body, count: p.events, rate: 0, concurrency: p.concurrency });
    const ingestRate = sent.ok / ((sent.end_us - sent.start_us) / 1e6);
    const held = (await sub.counts())[path]?.held ?? 0;
    const full = await relay.metrics();
    ctx.step(`    memory with the backlog: RSS ${full.rss_mb.toFixed(0)} MB, main thread heap ${full.heap_used_mb.toFixed(0)} MB used of ${full.heap_total_mb.toFixed(0)}, external ${full.external_mb.toFixed(0)} MB`);
    ctx.step(`    ${sent.ok} answered 202 at ${Math.round(ingestRate)}/s; ${held} requests held by the subscriber; coming back`);
    const backUs = await sub.setMode(path, 'ok');
    const complete = await sub.waitFor([path], sent.ok, { stallMs: 30_000 });
    const receipts = { [path]: await sub.report(path) };
    for (let i = 0; i < 50 && (await relay.metrics()).pending > 0; i++) await sleep(100);
    const after = await relay.metrics();
    ledger.stored(sent.ok, after.events - before.events);
    const matched = ledger.deliveries(sent, receipts, { notOkAttempts: after.attempts_not_ok - before.attempts_not_ok, label: 'drain' });
    ledger.check('drain: queue empty afterwards', after.pending === 0, `${after.pending} deliveries still pending`);
    const drainS = (matched.lastReceipt - backUs) / 1e6;
    const drainRate = complete ? sent.ok / drainS : null;
    const peakMb = relay.peakRss / 2 ** 20;
    ctx.step(`    drained ${matched.received} in ${drainS.toFixed(1)} s (${Math.round(drainRate ?? 0)}/s); peak RSS ${peakMb.toFixed(0)} MB`);
    ctx.row(NAME, `drain rate after comeback, deliveries/s (vs scenario 2 max)`, { value: drainRate, unit: 'dl/s', baseline: ctx.figures.e2eMaxEvents ?? null, baselineOf: 'scenario 2 highest sustained rate per subscriber' });
    ctx.row(NAME, `peak RSS over the scenario (vs idle relay)`, { value: peakMb, unit: 'MB', baseline: idleRss / 2 ** 20, baselineOf: 'the same relay idle before the backlog', target: { text: '< 512 MB', test: (v) => v < 512 }, higherIsBetter: false });
    ctx.row(NAME, `ingest while the subscriber is down, events/s (vs scenario 1)`, { value: ingestRate, unit: 'ev/s', baseline: ctx.figures.ingestRps ?? null, baselineOf: 'scenario 1 relay ingest events/s' });
    ctx.countsRow(NAME, ledger, `${n(sent.ok)} answered 202, ${n(matched.received)} delivered`);
    ctx.note(`${NAME}: ${n(p.events)} events${ctx.quick ? ' (--quick; the full run uses 50,000)' : ''}, closed loop with ${p.concurrency} connections; SWITCHBOARD_DELIVERY_TIMEOUT_MS=${p.timeoutMs}; drain = events / (last receipt − comeback).`);
  } finally {
    await scope.close();
  }
}
