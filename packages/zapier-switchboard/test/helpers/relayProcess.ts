/** The real relay (relay/dist/main.js) as a child process on a loopback port, with its own data dir. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const RELAY_MAIN = resolve(__dirname, '..', '..', '..', '..', 'relay', 'dist', 'main.js');

export interface RelayProcess {
  url: string;
  apiKey: string;
  /** A JSON call to the admin API, for test plumbing (not through the app). */
  api: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>;
  stop: () => Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

async function waitForReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`relay exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`relay not ready after 20 s:\n${output()}`);
}

export async function startRelay(): Promise<RelayProcess> {
  if (!existsSync(RELAY_MAIN)) throw new Error(`${RELAY_MAIN} is missing: build the relay first (pnpm -r run build).`);
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-zapier-e2e-'));
  const port = await freePort();
  const apiKey = 'sb_zapier_e2e_key_0123456789abcdef';
  const child = spawn(process.execPath, [RELAY_MAIN], {
    env: {
      ...process.env,
      SWITCHBOARD_HOST: '127.0.0.1',
      SWITCHBOARD_PORT: String(port),
      SWITCHBOARD_DATA_DIR: dataDir,
      SWITCHBOARD_API_KEYS: apiKey,
      SWITCHBOARD_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitForReady(url, child, () => log);
  const api: RelayProcess['api'] = async (method, path, body) => {
    const response = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${apiKey}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
  };
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, apiKey, api, stop };
}
