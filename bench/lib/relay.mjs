// A real relay process (relay/dist/main.js) on a free loopback port with a throwaway data folder,
// its API, and its resident memory sampled from /proc every 100 ms.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNode, stop } from './proc.mjs';
import { atCleanup, progress, sleep } from './util.mjs';

export const API_KEY = 'sb_bench_0123456789abcdef0123';
const RELAY_DIR = fileURLToPath(new URL('../../relay/', import.meta.url));
let relayMain = path.join(RELAY_DIR, 'dist/main.js');

/**
 * Copies relay/dist (and package.json; node_modules is linked) to a temp folder and runs every
 * relay of this bench from there, so a rebuild during a long run cannot mix two versions.
 */
export function snapshotRelay() {
  if (!fs.existsSync(relayMain)) throw new Error(`${relayMain} is missing: build the relay first (pnpm bench does).`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-relay-'));
  atCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.cpSync(path.join(RELAY_DIR, 'dist'), path.join(dir, 'dist'), { recursive: true });
  fs.copyFileSync(path.join(RELAY_DIR, 'package.json'), path.join(dir, 'package.json'));
  // PostgreSQL schema migrations sit beside dist/ (the scale-out scenario migrates at start).
  fs.cpSync(path.join(RELAY_DIR, 'migrations'), path.join(dir, 'migrations'), { recursive: true });
  fs.symlinkSync(path.join(RELAY_DIR, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  relayMain = path.join(dir, 'dist/main.js');
  return dir;
}

/**
 * Node flags of every bench relay: the same as `pnpm start` (package.json, relay/package.json)
 * and the relay's own shebang, so the bench measures the relay as it is run. A 64 MB young
 * generation (V8's default is 16 MB) cut end-to-end p99 at 1000/s by about a third here: fewer
 * scavenges, fewer short-lived objects promoted to the old generation (docs/performance.md).
 */
export const RELAY_NODE_ARGS = ['--max-semi-space-size=64'];

/** The environment every bench relay gets (on top of the embedded defaults). */
export const BENCH_ENV = {
  SWITCHBOARD_HOST: '127.0.0.1',
  SWITCHBOARD_API_KEYS: API_KEY,
  SWITCHBOARD_INGEST_RATE_LIMIT: '0',
  SWITCHBOARD_LOG_LEVEL: 'warn',
};

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Reads VmRSS (bytes) of a process, or null once it is gone. */
export function readRss(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

const TICKS_PER_S = 100; // USER_HZ on Linux

/** CPU time (user + system, seconds) a process has used so far, or null once it is gone. */
export function readCpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
  } catch {
    return null;
  }
}

/**
 * Starts a relay and waits for /readyz.
 * @param {{env?: Record<string,string>, nodeArgs?: string[], name?: string}} options
 */
export async function startRelay(options = {}) {
  if (!fs.existsSync(relayMain)) throw new Error(`${relayMain} is missing: build the relay first (pnpm bench does).`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-'));
  atCleanup(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  let lastError = null;
  for (let tries = 0; tries < 3; tries++) {
    const port = await freePort();
    const env = { ...BENCH_ENV, SWITCHBOARD_PORT: String(port), SWITCHBOARD_DATA_DIR: dataDir, ...(options.env ?? {}) };
    const handle = startNode([...RELAY_NODE_ARGS, ...(options.nodeArgs ?? []), relayMain], { env, name: options.name ?? 'relay' });
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitReady(url, handle);
      return new Relay(handle, url, dataDir);
    } catch (err) {
      lastError = err;
      handle.child.kill('SIGKILL');
      await handle.exited;
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  throw lastError;
}

async function waitReady(url, handle, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (handle.child.exitCode !== null) throw new Error(`relay exited with ${handle.child.exitCode}: ${handle.stderr.slice(-2000)} ${handle.stdout.slice(-2000)}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await sleep(50);
  }
  throw new Error(`relay at ${url} not ready after ${timeoutMs} ms: ${handle.stderr.slice(-2000)}`);
}

export class Relay {
  constructor(handle, url, dataDir) {
    this.handle = handle;
    this.url = url;
    this.dataDir = dataDir;
    this.pid = handle.child.pid;
    this.startRss = readRss(this.pid);
    this.peakRss = this.startRss ?? 0;
    this.sampler = setInterval(() => {
      const rss = readRss(this.pid);
      if (rss !== null && rss > this.peakRss) this.peakRss = rss;
    }, 100);
    this.sampler.unref();
  }

  /** Peak RSS since `resetPeak` (or start), sampled every 100 ms. */
  resetPeak() {
    this.peakRss = readRss(this.pid) ?? 0;
  }

  rss() {
    return readRss(this.pid);
  }

  cpuSeconds() {
    return readCpuSeconds(this.pid);
  }

  /** fetch() against this relay; a failure says whether the relay is still running, and why not. */
  async fetch(route, init) {
    // Reads are retried twice: a keep-alive socket the relay closes just as it is reused fails
    // the bench's own bookkeeping request, not the measured path.
    const tries = (init?.method ?? 'GET') === 'GET' ? 3 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await fetch(`${this.url}${route}`, init);
      } catch (err) {
        const alive = this.handle.child.exitCode === null && this.handle.child.signalCode === null;
        if (alive && attempt < tries) {
          progress(`    (GET ${route} failed: ${err.cause?.code ?? err.cause?.message ?? err.message}; retrying)`);
          await sleep(200);
          continue;
        }
        throw this.#failure(route, init, err);
      }
    }
  }

  #failure(route, init, err) {
    const child = this.handle.child;
    const state = child.exitCode !== null || child.signalCode !== null ? `the relay exited with ${child.exitCode ?? child.signalCode}` : 'the relay is still running';
    return new Error(`${init?.method ?? 'GET'} ${route} failed (${err.cause?.code ?? err.cause?.message ?? err.message}); ${state}. Its last output: ${(this.handle.stderr + this.handle.stdout).slice(-1500)}`);
  }

  async api(method, route, body) {
    const res = await this.fetch(`/api/v1${route}`, {
      method,
      headers: { authorization: `Bearer ${API_KEY}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${route} → ${res.status}: ${text.slice(0, 500)}`);
    return text ? JSON.parse(text) : null;
  }

  /** A Clarky source; returns its ingest URL (token in the path). */
  async createSource(name = 'bench') {
    const source = await this.api('POST', '/sources', { vendor: 'clarky', name });
    return source.ingest_url;
  }

  /** One subscription per target URL. Transient failures retry after 1 s (not the default 60 s). */
  async createHook(targetUrl, eventType, extra = {}) {
    return this.api('POST', '/hooks', { target_url: targetUrl, event_types: [eventType], retry_schedule: [1, 2, 5], ...extra });
  }

  /** Selected sums from /metrics: events stored, duplicates, refusals, attempts by outcome, queue. */
  async metrics() {
    const lines = (await (await this.fetch('/metrics')).text()).split('\n');
    const sum = (name, filter = () => true) => {
      let total = 0;
      for (const line of lines) {
        if (!line.startsWith(name)) continue;
        const rest = line.slice(name.length);
        if (rest[0] !== ' ' && rest[0] !== '{') continue;
        if (!filter(line)) continue;
        total += Number(line.slice(line.lastIndexOf(' ') + 1));
      }
      return total;
    };
    return {
      events: sum('switchboard_events_received_total'),
      duplicates: sum('switchboard_events_duplicate_total'),
      refused: sum('switchboard_ingest_refused_total'),
      attempts_ok: sum('switchboard_delivery_attempts_total', (l) => l.includes('outcome="success"')),
      attempts_not_ok: sum('switchboard_delivery_attempts_total', (l) => !l.includes('outcome="success"')),
      pending: sum('switchboard_delivery_queue_depth', (l) => l.includes('status="pending"')),
      succeeded: sum('switchboard_delivery_queue_depth', (l) => l.includes('status="succeeded"')),
      failed: sum('switchboard_delivery_queue_depth', (l) => l.includes('status="failed"')),
      // prom-client's event-loop delay histogram restarts at every /metrics read: these cover the
      // time since the previous read.
      loop_lag_p99_ms: sum('switchboard_nodejs_eventloop_lag_p99_seconds') * 1000,
      loop_lag_max_ms: sum('switchboard_nodejs_eventloop_lag_max_seconds') * 1000,
      cpu_seconds: sum('switchboard_process_cpu_seconds_total'),
      heap_used_mb: sum('switchboard_nodejs_heap_size_used_bytes') / 2 ** 20,
      heap_total_mb: sum('switchboard_nodejs_heap_size_total_bytes') / 2 ** 20,
      external_mb: sum('switchboard_nodejs_external_memory_bytes') / 2 ** 20,
      rss_mb: sum('switchboard_process_resident_memory_bytes') / 2 ** 20,
      handles: sum('switchboard_nodejs_active_handles_total'),
      commits: sum('switchboard_store_group_commit', (l) => l.includes('counter="transactions"')),
      commit_jobs: sum('switchboard_store_group_commit', (l) => l.includes('counter="jobs"')),
      at_ms: performance.now(),
    };
  }

  /** Stops the relay (SIGTERM, then SIGKILL) and deletes its data folder. */
  async close() {
    clearInterval(this.sampler);
    const result = await stop(this.handle, 10_000);
    fs.rmSync(this.dataDir, { recursive: true, force: true });
    return result;
  }
}
