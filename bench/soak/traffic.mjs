// The soak's load, from inside the orchestrator (a few dozen requests a second: the relay, not
// this process, is what is measured). Vendor POSTs in an open loop, and a mix of admin calls.
import { percentiles } from '../lib/util.mjs';
import { nextRequest } from './fixtures.mjs';

const REQUEST_TIMEOUT_MS = 30_000;

/** Open-loop vendor traffic: request i is due at start + i/rate, whatever became of earlier ones. */
export class IngestLoad {
  /**
   * @param {{samples: {vendor: string, body: string}[], urls: Record<string, string>, rate: number}} options
   */
  constructor({ samples, urls, rate }) {
    this.samples = samples;
    this.urls = urls;
    this.rate = rate;
    /** event id → vendor, for every request answered 202 */
    this.acknowledged = new Map();
    this.repeats = { sent: 0, answeredDuplicate: 0 };
    this.inFlight = new Set();
    this.#resetWindow();
    this.totals = { sent: 0, statuses: {}, errors: 0 };
  }

  start() {
    this.startedAt = performance.now();
    this.timer = setInterval(() => this.#tick(), 20);
  }

  async stop() {
    clearInterval(this.timer);
    await Promise.allSettled([...this.inFlight]);
  }

  /** What happened since the previous call (statuses, latency p99), for the per-minute line. */
  takeWindow() {
    const window = this.window;
    this.#resetWindow();
    const { p50, p99, max } = percentiles(window.latencies);
    return { sent: window.sent, statuses: window.statuses, errors: window.errors, p50_ms: p50, p99_ms: p99, max_ms: max };
  }

  #resetWindow() {
    this.window = { sent: 0, statuses: {}, errors: 0, latencies: [] };
  }

  #tick() {
    const due = Math.floor(((performance.now() - this.startedAt) / 1000) * this.rate);
    while (this.totals.sent < due) this.#send(this.totals.sent);
  }

  #send(i) {
    this.totals.sent++;
    this.window.sent++;
    const request = nextRequest(this.samples, i);
    // Every 50th Clarityflow request goes out twice: the second must be a duplicate (200).
    const repeat = request.dedupeId !== undefined && i % 50 === 0;
    const one = this.#post(request, false).then(() => (repeat ? this.#post(request, true) : undefined));
    this.inFlight.add(one);
    one.finally(() => this.inFlight.delete(one));
  }

  async #post(request, isRepeat) {
    const started = performance.now();
    if (isRepeat) this.repeats.sent++;
    try {
      const res = await fetch(this.urls[request.vendor], {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: request.body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await res.text();
      this.window.latencies.push(performance.now() - started);
      count(this.window.statuses, res.status);
      count(this.totals.statuses, res.status);
      if (res.status === 202) this.acknowledged.set(JSON.parse(text).event_id, request.vendor);
      if (isRepeat && res.status === 200 && JSON.parse(text).duplicate === true) this.repeats.answeredDuplicate++;
    } catch {
      this.window.errors++;
      this.totals.errors++;
    }
  }
}

function count(table, key) {
  table[key] = (table[key] ?? 0) + 1;
}

/**
 * Admin traffic, one call every `everyMs`, round robin: listings, stats, a retry of a failed
 * delivery, a test send, a replay to the replay-only subscription, switching the failing
 * subscriptions back on when the relay switched them off, a subscription created and deleted, a
 * token rotation (with a grace period, so vendors keep sending) and a request with a wrong token.
 */
export class AdminLoad {
  /**
   * @param {{relay: import('../lib/relay.mjs').Relay, hooks: Record<string, string>, sources: Record<string, {id: string, ingest_url: string}>, load: IngestLoad, target: (path: string) => string, everyMs: number}} options
   */
  constructor({ relay, hooks, sources, load, target, everyMs }) {
    Object.assign(this, { relay, hooks, sources, load, target, everyMs });
    this.replayed = new Set();
    this.calls = { ok: 0, failed: 0, byAction: {} };
    this.failures = [];
    this.turn = 0;
  }

  start() {
    this.timer = setInterval(() => void this.#next(), this.everyMs);
  }

  stop() {
    clearInterval(this.timer);
    return this.current ?? Promise.resolve();
  }

  async #next() {
    if (this.current) return; // one admin call at a time
    const actions = [
      ['list events', () => this.#ok('GET', '/events?limit=50')],
      ['retry a failed delivery', () => this.#retryFailed()],
      ['test send', () => this.#ok('POST', `/hooks/${this.hooks.ok}/test`)],
      ['replay', () => this.#replay()],
      ['stats and listings', () => Promise.all([this.#ok('GET', '/stats'), this.#ok('GET', '/hooks'), this.#ok('GET', `/sources/${this.sources.clarky.id}/rejections`), this.#ok('GET', '/deliveries?limit=100')])],
      ['switch failing subscriptions back on', () => this.#reactivate()],
      ['create and delete a subscription', () => this.#createAndDelete()],
      ['rotate a token', () => this.#rotate()],
      ['wrong token', () => this.#wrongToken()],
    ];
    const [name, action] = actions[this.turn++ % actions.length];
    this.current = action().then(
      () => {
        this.calls.ok++;
        this.calls.byAction[name] = (this.calls.byAction[name] ?? 0) + 1;
      },
      (err) => {
        this.calls.failed++;
        if (this.failures.length < 20) this.failures.push(`${name}: ${err.message}`);
      },
    );
    await this.current;
    this.current = null;
  }

  #ok(method, route, body) {
    return this.relay.api(method, route, body);
  }

  async #retryFailed() {
    const page = await this.#ok('GET', `/deliveries?hook_id=${this.hooks.fail}&status=failed&limit=1`);
    const delivery = page.data?.[0];
    if (delivery) await this.#ok('POST', `/deliveries/${delivery.id}/retry`);
  }

  async #replay() {
    const ids = [...this.load.acknowledged.keys()];
    if (ids.length === 0) return;
    const id = ids[Math.floor(Math.random() * ids.length)];
    await this.#ok('POST', `/events/${id}/replay`, { hook_id: this.hooks.replay });
    this.replayed.add(id);
  }

  async #reactivate() {
    for (const key of ['fail', 'hang']) {
      const hook = await this.#ok('GET', `/hooks/${this.hooks[key]}`);
      if (!hook.active) await this.#ok('PATCH', `/hooks/${hook.id}`, { active: true });
    }
  }

  async #createAndDelete() {
    const hook = await this.#ok('POST', '/hooks', { target_url: this.target(`/soak/temp-${this.turn}`), event_types: ['clockwork.*'] });
    await this.#ok('DELETE', `/hooks/${hook.id}`);
  }

  async #rotate() {
    const source = this.sources.clockwork;
    const rotated = await this.#ok('POST', `/sources/${source.id}/rotate-token`, { grace_period_seconds: 600 });
    source.ingest_url = rotated.ingest_url;
    this.load.urls.clockwork = rotated.ingest_url;
  }

  async #wrongToken() {
    const url = `${this.relay.url}/in/${this.sources.clarky.id}/wrong-token-${this.turn}`;
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await res.text();
    if (res.status !== 401 && res.status !== 429) throw new Error(`a wrong token was answered ${res.status}, expected 401 or 429`);
  }
}
