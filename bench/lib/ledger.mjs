// Counting events in and out. Every 202'd event id must reach every subscriber exactly once; a
// second receipt of the same webhook-id is allowed only "with cause": the relay recorded an
// attempt that did not succeed (a timeout or error after which it retried), so the metric
// `switchboard_delivery_attempts_total{outcome!="success"}` bounds the duplicates. An id a
// subscriber receives that was never answered 202 is allowed only if the sender saw transport
// errors (a request stored but whose answer was lost).
import { percentiles } from './util.mjs';

export class Ledger {
  constructor(scenario) {
    this.scenario = scenario;
    /** @type {{check: string, ok: boolean, detail: string}[]} */
    this.checks = [];
  }

  check(name, ok, detail) {
    this.checks.push({ check: name, ok, detail });
    return ok;
  }

  get ok() {
    return this.checks.every((c) => c.ok);
  }

  /** The relay stored exactly as many events as were answered 2xx (events counter delta). */
  stored(answered2xx, storedDelta, label = 'stored = answered 202') {
    return this.check(label, answered2xx === storedDelta, `${answered2xx} answered 2xx, ${storedDelta} stored`);
  }

  /**
   * Matches the sender's answered ids against each path's receipts.
   * @param {{ids: [string, number, number][], errors: number}} sent
   * @param {Record<string, {ids: string[], t: number[]}>} receipts by path
   * @param {{notOkAttempts: number, label?: string, expectAll?: boolean}} options
   * @returns per-delivery latencies (µs), per-event "all subscribers" latencies, first/last receipt
   */
  deliveries(sent, receipts, { notOkAttempts, label = 'delivered exactly once', expectAll = true }) {
    const intended = new Map();
    for (const [id, t] of sent.ids) intended.set(id, t);
    const latencies = [];
    /** [intended send time, latency] per delivery, for "did latency grow over the run". */
    const samples = [];
    const lastPerEvent = new Map();
    let missing = 0;
    let duplicates = 0;
    let unknown = 0;
    let firstReceipt = Infinity;
    let lastReceipt = -Infinity;
    for (const [, r] of Object.entries(receipts)) {
      const seen = new Set();
      for (let i = 0; i < r.ids.length; i++) {
        const id = r.ids[i];
        const t = r.t[i];
        if (seen.has(id)) {
          duplicates++;
          continue;
        }
        seen.add(id);
        const start = intended.get(id);
        if (start === undefined) {
          unknown++;
          continue;
        }
        latencies.push(t - start);
        samples.push([start, t - start]);
        lastPerEvent.set(id, Math.max(lastPerEvent.get(id) ?? -Infinity, t));
        if (t < firstReceipt) firstReceipt = t;
        if (t > lastReceipt) lastReceipt = t;
      }
      if (expectAll) for (const id of intended.keys()) if (!seen.has(id)) missing++;
    }
    const paths = Object.keys(receipts).length;
    const expected = intended.size * paths;
    this.check(`${label}: none lost`, missing === 0, `${expected - missing}/${expected} deliveries received (${intended.size} events × ${paths} subscribers)`);
    this.check(`${label}: no duplicate without cause`, duplicates <= notOkAttempts, `${duplicates} repeated webhook-ids, ${notOkAttempts} attempts that did not succeed`);
    this.check(`${label}: nothing unexpected`, unknown === 0 || sent.errors > 0, `${unknown} ids never answered 202 (sender transport errors: ${sent.errors})`);
    const eventLatencies = [];
    for (const [id, t] of lastPerEvent) eventLatencies.push(t - intended.get(id));
    return { latencies, samples, eventLatencies, firstReceipt, lastReceipt, received: latencies.length, expected, duplicates };
  }
}

/** p50/p99/max in milliseconds from microsecond samples. */
export function latencyMs(samplesUs) {
  const p = percentiles(samplesUs, [50, 99]);
  const ms = (x) => (x === null ? null : x / 1000);
  return { p50: ms(p.p50), p99: ms(p.p99), max: ms(p.max), n: samplesUs.length };
}
