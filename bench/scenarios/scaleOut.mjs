// Scenario 7 (`--scale-out`, opt-in: needs PostgreSQL and Redis): the PostgreSQL + BullMQ mode.
// 1. Delivery throughput with one and with two `worker` processes: a backlog of events (each to
//    `hooks` subscriptions) is ingested by an `api` process while no worker runs, then the workers
//    start and drain it; rate = deliveries / (last receipt − first receipt), so process start-up
//    stays out. The headline is the ratio two/one.
// 2. End-to-end p99 at 1,000 events/s with one `api` and two `worker` processes and three
//    subscribers, against the one-hop floor (as scenario 2 does for the embedded relay).
import { Scope } from '../lib/context.mjs';
import { directHop, offeredLoad, warmUp } from '../lib/measure.mjs';
import { send } from '../lib/processes.mjs';
import { n } from '../lib/util.mjs';
import { EVENT_TYPE } from '../lib/context.mjs';
import { clusterEnv, startRole, sumMetric } from './scaleOutCluster.mjs';

const NAME = '7 scale-out';

const PARAMS = {
  full: { hooks: 8, events: 2_500, e2eRate: 1000, e2eSeconds: 10, subscribers: 3 },
  quick: { hooks: 8, events: 500, e2eRate: 1000, e2eSeconds: 3, subscribers: 3 },
};

export async function scaleOut(ctx) {
  const p = ctx.quick ? PARAMS.quick : PARAMS.full;
  ctx.params['scale-out'] = p;
  const ledger = ctx.ledger(NAME);
  const one = await drain(ctx, ledger, p, 1);
  const two = await drain(ctx, ledger, p, 2);
  ctx.row(NAME, 'delivery throughput, 1 worker process, deliveries/s', { value: one.rate, unit: 'dl/s', baseline: ctx.figures.e2eMaxEvents ? ctx.figures.e2eMaxEvents * 3 : null, baselineOf: 'scenario 2 embedded: highest sustained events/s × 3 subscribers' });
  ctx.row(NAME, 'delivery throughput, 2 worker processes (vs 1)', { value: two.rate, unit: 'dl/s', baseline: one.rate, baselineOf: 'the same backlog with 1 worker process' });
  const e2e = await endToEnd(ctx, ledger, p);
  ctx.row(NAME, `p99 at ${p.e2eRate}/s, 1 api + 2 workers (vs one hop)`, { value: e2e.run.delivery.p99, unit: 'ms', baseline: e2e.floor.p99, baselineOf: 'sender → subscriber directly, same rate', higherIsBetter: false });
  ctx.row(NAME, `p50 at ${p.e2eRate}/s, 1 api + 2 workers (vs one hop)`, { value: e2e.run.delivery.p50, unit: 'ms', baseline: e2e.floor.p50, baselineOf: 'sender → subscriber directly, same rate', higherIsBetter: false });
  ctx.countsRow(NAME, ledger, `${n(one.deliveries + two.deliveries)} backlog deliveries, ${n(e2e.run.deliveries)} at ${p.e2eRate}/s`);
  ctx.note(`${NAME}: PostgreSQL + Redis (BullMQ) on this machine (${n(p.events)} events × ${p.hooks} subscriptions per backlog; default delivery concurrency per process and per subscription). Every process shares the machine's cores with PostgreSQL, Redis, the subscriber and the sender, so the two-worker ratio shows what a second process adds here, not on separate machines.`);
  ctx.note(`${NAME}: at ${p.e2eRate}/s ${e2e.run.sustained ? 'kept up' : 'did NOT keep up'}: answered ${Math.round(e2e.run.answeredRate)}/s, delivered ${Math.round(e2e.run.deliveredRate)}/s, ingest answer p99 ${e2e.run.ingest.p99?.toFixed(1)} ms.`);
}

/** A backlog ingested with no worker running, then drained by `workers` worker processes. */
async function drain(ctx, ledger, p, workers) {
  const scope = new Scope();
  const cluster = await clusterEnv();
  try {
    const sub = scope.add(await ctx.startSubscriber());
    const [api] = await startRole(ctx, scope, cluster.env, 'api', 1);
    const ingestUrl = await api.createSource();
    const paths = [];
    for (let i = 0; i < p.hooks; i++) {
      paths.push(`/h/scale-${workers}-${i}`);
      await api.createHook(sub.target(paths[i]), EVENT_TYPE);
    }
    ctx.step(`7/7 scale-out: ${n(p.events)} events × ${p.hooks} subscriptions queued with no worker running`);
    const sent = await send({ url: ingestUrl, body: ctx.body, count: p.events, rate: 0, concurrency: 32 });
    const list = await startRole(ctx, scope, cluster.env, 'worker', workers);
    const complete = await sub.waitFor(paths, sent.ok, { stallMs: 30_000 });
    const receipts = {};
    for (const path of paths) receipts[path] = await sub.report(path);
    const notOk = await sumMetric(list, 'attempts_not_ok');
    const matched = ledger.deliveries(sent, receipts, { notOkAttempts: notOk, label: `${workers} worker(s)` });
    ledger.check(`${workers} worker(s): drained`, complete, `${matched.received} of ${matched.expected} deliveries`);
    const rate = matched.received > 1 ? (matched.received - 1) / ((matched.lastReceipt - matched.firstReceipt) / 1e6) : null;
    ctx.step(`    ${workers} worker(s): ${n(matched.received)} deliveries at ${Math.round(rate ?? 0)}/s`);
    return { rate, deliveries: matched.received };
  } finally {
    await scope.close();
    await cluster.drop();
  }
}

/** Open-loop load at the fixed rate through one api and two worker processes. */
async function endToEnd(ctx, ledger, p) {
  const scope = new Scope();
  const cluster = await clusterEnv();
  try {
    const sub = scope.add(await ctx.startSubscriber());
    const [api] = await startRole(ctx, scope, cluster.env, 'api', 1);
    await startRole(ctx, scope, cluster.env, 'worker', 2);
    const ingestUrl = await api.createSource();
    const paths = [];
    for (let i = 0; i < p.subscribers; i++) {
      paths.push(`/h/scale-e2e-${i}`);
      await api.createHook(sub.target(paths[i]), EVENT_TYPE);
    }
    const setup = { sub, relay: api, ingestUrl, paths };
    await warmUp(ctx, setup, ledger);
    ctx.step(`7/7 scale-out: one-hop floor at ${p.e2eRate}/s`);
    const floor = await directHop(ctx, { sub, path: '/direct', rate: p.e2eRate, seconds: Math.min(p.e2eSeconds, 5) });
    ctx.step(`7/7 scale-out: end-to-end at ${p.e2eRate}/s for ${p.e2eSeconds} s, 1 api + 2 workers, ${p.subscribers} subscribers`);
    const run = await offeredLoad(ctx, { ...setup, rate: p.e2eRate, seconds: p.e2eSeconds, ledger, label: `scale-out ${p.e2eRate}/s` });
    ctx.step(`    p50 ${run.delivery.p50?.toFixed(1)} ms, p99 ${run.delivery.p99?.toFixed(1)} ms, delivered ${Math.round(run.deliveredRate)}/s${run.sustained ? '' : ' (not kept up)'}`);
    return { floor, run };
  } finally {
    await scope.close();
    await cluster.drop();
  }
}
