// What every scenario shares: parameters (full or --quick), the request body, the figures table,
// the count checks, and helpers to start the processes a scenario needs and always stop them.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ledger } from './ledger.mjs';
import { startSubscriber } from './processes.mjs';
import { startRelay } from './relay.mjs';
import { progress } from './util.mjs';

export const EVENT_TYPE = 'clarky.booking.confirmed';

/** Scenario sizes. `quick` keeps `pnpm bench --quick` under two minutes. */
export const PARAMS = {
  full: {
    ingest: { warmupS: 2, seconds: 5, rounds: 3, connections: 50 },
    e2e: { fixedRates: [200, 1000], seconds: 10, stepRates: [500, 2000, 3000, 4000, 6000], stepSeconds: 5, subscribers: 3 },
    fanout: { subscribers: 100, rate: 5, seconds: 10, burstEvents: 200 },
    isolation: { rate: 1000, seconds: 10 },
    backlog: { events: 50_000, concurrency: 32, timeoutMs: 120_000 },
    history: { low: 1_000, high: 100_000, warmupS: 3, measure: 20_000, rounds: 3, connections: 50 },
  },
  quick: {
    ingest: { warmupS: 1, seconds: 4, rounds: 1, connections: 50 },
    e2e: { fixedRates: [200, 1000], seconds: 3, stepRates: [500, 2000, 4000], stepSeconds: 3, subscribers: 3 },
    fanout: { subscribers: 100, rate: 5, seconds: 3, burstEvents: 50 },
    isolation: { rate: 1000, seconds: 3 },
    backlog: { events: 5_000, concurrency: 32, timeoutMs: 120_000 },
    history: { low: 1_000, high: 20_000, warmupS: 2, measure: 5_000, rounds: 2, connections: 50 },
  },
};

/** The vendor samples (`manifest.json` and one folder per vendor). */
export function fixturesDir() {
  return fileURLToPath(new URL('../../fixtures/vendors', import.meta.url));
}

/** The vendor request every scenario sends: Clarky's booking.confirmed sample (~2.3 KB). */
export function eventBody() {
  const file = path.join(fixturesDir(), 'clarky/booking_confirmed.json');
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: the bench sends the repository's vendor samples (fixtures/vendors).`);
  return fs.readFileSync(file, 'utf8');
}

export class Context {
  constructor({ quick, relayNodeArgs }) {
    this.quick = quick;
    this.params = quick ? PARAMS.quick : PARAMS.full;
    this.relayNodeArgs = relayNodeArgs;
    this.body = eventBody();
    this.rows = [];
    this.notes = [];
    /** @type {Ledger[]} */
    this.ledgers = [];
    /** Figures later scenarios use as baselines (filled by earlier ones). */
    this.figures = {};
  }

  ledger(scenario) {
    const ledger = new Ledger(scenario);
    this.ledgers.push(ledger);
    return ledger;
  }

  /**
   * A figures-table row. `target` is {text, test(value, ratio) → boolean}; no target → pass "—".
   */
  row(scenario, figure, { value, unit, baseline = null, baselineOf = null, target = null, higherIsBetter = true }) {
    const ratio = baseline && value !== null && value !== undefined ? value / baseline : null;
    const pass = target ? (value === null || value === undefined ? false : target.test(value, ratio)) : null;
    this.rows.push({ scenario, figure, value, unit, baseline, baseline_of: baselineOf, ratio, target: target?.text ?? null, pass, higher_is_better: higherIsBetter });
  }

  countsRow(scenario, ledger, summary) {
    this.rows.push({ scenario, figure: 'events in = out (counts)', value: summary, unit: '', baseline: null, baseline_of: null, ratio: null, target: 'none lost, no dup.', pass: ledger.ok, counts: true });
  }

  note(text) {
    this.notes.push(text);
  }

  step(message) {
    progress(message);
  }

  startRelay(options = {}) {
    return startRelay({ ...options, nodeArgs: [...this.relayNodeArgs, ...(options.nodeArgs ?? [])] });
  }

  startSubscriber() {
    return startSubscriber();
  }
}

/** Closes what a scenario started (relays, subscribers, servers), newest first, whatever happens. */
export class Scope {
  #items = [];

  add(closable) {
    this.#items.push(closable);
    return closable;
  }

  async close() {
    for (const item of this.#items.splice(0).reverse()) await item.close().catch(() => {});
  }
}
