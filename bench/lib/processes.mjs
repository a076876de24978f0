// The bench's own helper processes: subscriber, sender, autocannon load, bare server.
import { fileURLToPath } from 'node:url';
import { readyLine, runJson, stop } from './proc.mjs';
import { progress, sleep } from './util.mjs';

const here = (file) => fileURLToPath(new URL(`../${file}`, import.meta.url));

/** Starts bench/subscriber.mjs; returns a client for its control routes. */
export async function startSubscriber() {
  const { handle, msg } = await readyLine([here('subscriber.mjs')], { name: 'subscriber' });
  return new SubscriberClient(handle, `http://127.0.0.1:${msg.port}`);
}

class SubscriberClient {
  constructor(handle, url) {
    this.handle = handle;
    this.url = url;
  }

  target(path) {
    return `${this.url}${path}`;
  }

  /** Control calls are idempotent, so a failed one is tried again (twice). */
  async #call(method, route, body) {
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await fetch(`${this.url}/_control/${route}`, { method, body: body ? JSON.stringify(body) : undefined });
        if (!res.ok) throw new Error(`subscriber ${route} → ${res.status}`);
        return await res.json();
      } catch (err) {
        if (attempt >= 3 || this.handle.child.exitCode !== null) throw new Error(`subscriber ${route} failed: ${err.cause?.code ?? err.message}; ${this.handle.stderr.slice(-500)}`);
        progress(`    (subscriber ${route} failed: ${err.cause?.code ?? err.message}; retrying)`);
        await sleep(200);
      }
    }
  }

  /** Sets a path's mode; returns the subscriber's clock (µs) at the switch. */
  async setMode(path, mode) {
    return (await this.#call('POST', 'mode', { path, mode })).at_us;
  }

  counts() {
    return this.#call('GET', 'counts');
  }

  /** Every receipt on `path`: {ids, t} in arrival order. */
  report(path) {
    return this.#call('GET', `report?path=${encodeURIComponent(path)}`);
  }

  reset() {
    return this.#call('POST', 'reset');
  }

  /**
   * Polls until each path has at least `distinct` distinct webhook-ids, or `timeoutMs` passes
   * without progress. Returns true when all arrived.
   */
  async waitFor(paths, distinct, { stallMs = 15_000, pollMs = 100 } = {}) {
    let last = -1;
    let lastChange = Date.now();
    for (;;) {
      const counts = await this.counts();
      const total = paths.reduce((sum, p) => sum + Math.min(distinct, counts[p]?.distinct ?? 0), 0);
      if (total >= paths.length * distinct) return true;
      if (total !== last) {
        last = total;
        lastChange = Date.now();
      } else if (Date.now() - lastChange > stallMs) {
        return false;
      }
      await sleep(pollMs);
    }
  }

  close() {
    return stop(this.handle, 2_000);
  }
}

/** Runs bench/sender.mjs to completion (see there for the options). */
export function send(options) {
  return runJson([here('sender.mjs'), JSON.stringify(options)], { name: 'sender' });
}

/** Runs bench/load.mjs (autocannon) to completion. */
export function load(options) {
  return runJson([here('load.mjs'), JSON.stringify(options)], { name: 'autocannon' });
}

/** Starts bench/bare-server.mjs; returns {url, close}. */
export async function startBareServer() {
  const { handle, msg } = await readyLine([here('bare-server.mjs')], { name: 'bare-server' });
  return { url: `http://127.0.0.1:${msg.port}/in/bare/token`, pid: handle.child.pid, close: () => stop(handle, 2_000) };
}
