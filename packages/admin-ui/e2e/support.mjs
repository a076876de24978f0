// @ts-check
/**
 * What the browser tests run against: the built relay as a real process (`node relay/dist/main.js`),
 * a real HTTP receiver on loopback standing in for subscribers, and Debian's Chromium driven by
 * playwright-core (`npx playwright install` cannot download on machines without general internet access; see docs/development.md).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The repository's vendor samples. */
export const vendorFixturesDir = path.join(repoRoot, 'fixtures/vendors');
export const API_KEY = 'e2e_admin_key_0123456789abcdef';

/** @param {string} file e.g. `clarky/booking_confirmed.json` */
export function fixture(file) {
  return readFile(path.join(vendorFixturesDir, file));
}

/** @returns {Promise<number>} */
async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts `node relay/dist/main.js` on a free port with its own data folder; resolves once `/readyz` is 200. */
export async function startRelay(env = {}) {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-e2e-'));
  const child = spawn(process.execPath, [path.join(repoRoot, 'relay/dist/main.js')], {
    env: { PATH: process.env['PATH'] ?? '', SWITCHBOARD_PORT: String(port), SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_API_KEYS: API_KEY, SWITCHBOARD_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`relay exited with ${child.exitCode}`);
    const ready = await fetch(`${url}/readyz`).then((r) => r.status === 200, () => false);
    if (ready) break;
    if (Date.now() > deadline) throw new Error('relay did not become ready in 20 s');
    await sleep(50);
  }
  return {
    url,
    /** @param {string} method @param {string} pathname @param {unknown} [body] */
    async api(method, pathname, body) {
      const res = await fetch(`${url}/api/v1${pathname}`, {
        method,
        headers: { authorization: `Bearer ${API_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * @typedef {{ method: string, path: string, headers: http.IncomingHttpHeaders, body: string }} Received
 */

/** A subscriber on loopback: records every request; `answer(path, status)` sets what a path answers (default 200). */
export async function startReceiver() {
  /** @type {Received[]} */
  const received = [];
  /** @type {Map<string, number>} */
  const statuses = new Map();
  const server = http.createServer((req, res) => {
    const chunks = /** @type {Buffer[]} */ ([]);
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const p = (req.url ?? '/').split('?')[0] ?? '/';
      received.push({ method: req.method ?? '', path: p, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = statuses.get(p) ?? 200;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status < 300 ? { received: true } : { error: 'receiver told to fail' }));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(null)));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  /** @param {string} p */
  const at = (p) => received.filter((r) => r.path === p);
  return {
    url,
    at,
    /** @param {string} p @param {number} status */
    answer: (p, status) => statuses.set(p, status),
    /** @param {string} p @param {number} count */
    waitFor: (p, count, timeoutMs = 10_000) => until(() => (at(p).length >= count ? at(p) : undefined), timeoutMs, `${count} request(s) to ${p}`),
    close: () => new Promise((resolve) => server.close(() => resolve(null))),
  };
}

/** Debian's Chromium, headless, with the flags this machine needs (ENVIRONMENT.md). */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** @param {number} ms */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `check` until it returns something other than undefined.
 * @template T
 * @param {() => T | undefined | Promise<T | undefined>} check
 * @returns {Promise<T>}
 */
export async function until(check, timeoutMs = 10_000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}
