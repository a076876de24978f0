/** Starting real relays for tests: in-process on port 0, or as a child process (for SIGKILL). */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/log.js';
import { startRelay, type RunningRelay } from '../../src/server.js';
import type { BaseLookup } from '../../src/delivery/targetPolicy.js';
import { repoRoot } from './paths.js';
import { dropStore, storeEnv } from './testStore.js';

export const TEST_API_KEY = 'test_key_0123456789abcdef';

export async function tempDir(prefix = 'switchboard-test-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

export interface TestRelay extends RunningRelay {
  dataDir: string;
  /** Every log line the relay wrote, as text. */
  logs: string[];
  api(method: string, pathname: string, body?: unknown, key?: string): Promise<{ status: number; body: any; headers: Headers }>;
  stop(): Promise<void>;
}

export async function startTestRelay(env: Record<string, string> = {}, dataDir?: string, options: { lookup?: BaseLookup; adminDir?: string } = {}): Promise<TestRelay> {
  const dir = dataDir ?? (await tempDir());
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const relay = await startRelay({
    env: { SWITCHBOARD_PORT: '0', SWITCHBOARD_DATA_DIR: dir, SWITCHBOARD_API_KEYS: TEST_API_KEY, ...(await storeEnv(dir)), ...env },
    logger: createLogger('info', sink),
    ...(options.lookup ? { resolver: options.lookup } : {}),
    ...(options.adminDir ? { adminDir: options.adminDir } : {}),
  });
  return {
    ...relay,
    dataDir: dir,
    logs,
    api: (method, pathname, body, key = TEST_API_KEY) => apiCall(relay.url, method, pathname, body, key),
    stop: async () => {
      await relay.close();
      if (!dataDir) await Promise.all([rm(dir, { recursive: true, force: true }), dropStore(dir)]);
    },
  };
}

export async function apiCall(base: string, method: string, pathname: string, body?: unknown, key: string = TEST_API_KEY): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${base}/api/v1${pathname}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

export interface ChildRelay {
  url: string;
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: Promise<number | null>;
}

const MAIN = path.join(repoRoot, 'relay/dist/main.js');

/** Runs the built relay (`node relay/dist/main.js`) on the selected test store and waits until `/readyz` answers 200. */
export async function spawnRelay(env: Record<string, string>, args: string[] = []): Promise<ChildRelay> {
  const dataDir = env['SWITCHBOARD_DATA_DIR'];
  const store = dataDir ? await storeEnv(dataDir) : {};
  const child = spawn(process.execPath, [MAIN, ...args], {
    env: { PATH: process.env['PATH'] ?? '', SWITCHBOARD_LOG_LEVEL: 'warn', ...store, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stdout?.on('data', (d: Buffer) => stdout.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = env['SWITCHBOARD_PORT'];
  if (!port || port === '0') throw new Error('spawnRelay needs a fixed SWITCHBOARD_PORT');
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`relay exited with ${child.exitCode}: ${stderr.join('')}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`relay did not become ready: ${stderr.join('')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, child, stdout, stderr, exited };
}

/** Runs the built relay to completion (for `--help` and bad configuration). */
export function runRelayOnce(env: Record<string, string>, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A free TCP port on loopback (for child relays that need a known port). */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
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
