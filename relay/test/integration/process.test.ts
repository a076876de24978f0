/**
 * The built relay as a process: `--help`, refused configuration, the key generated at first
 * start, and durability across SIGKILL.
 */
import { rm } from 'node:fs/promises';
import { fixtureBytes } from '../support/manifest.js';
import { apiCall, freePort, runRelayOnce, spawnRelay, tempDir } from '../support/relay.js';
import { persistedConfigText } from '../support/testStore.js';

const KEY = 'process_test_key_0123456789';

test('--help lists every variable', async () => {
  const { code, stdout } = await runRelayOnce({}, ['--help']);
  expect(code).toBe(0);
  for (const name of ['SWITCHBOARD_PORT', 'SWITCHBOARD_DATA_DIR', 'SWITCHBOARD_API_KEYS', 'SWITCHBOARD_PUBLIC_URL', 'SWITCHBOARD_TARGET_POLICY', 'SWITCHBOARD_STORE']) {
    expect(stdout).toContain(name);
  }
});

test('bad values are refused at start, each named', async () => {
  const { code, stderr } = await runRelayOnce({ SWITCHBOARD_PORT: 'eighty', SWITCHBOARD_TARGET_POLICY: 'open', SWITCHBOARD_API_KEYS: 'short' }, []);
  expect(code).toBe(1);
  expect(stderr).toContain('SWITCHBOARD_PORT: expected a whole number from 0 to 65535, got "eighty"');
  expect(stderr).toContain('SWITCHBOARD_TARGET_POLICY');
  expect(stderr).toContain('SWITCHBOARD_API_KEYS');
  expect(stderr).not.toContain('short');
});

test('without SWITCHBOARD_API_KEYS a key is generated once, stored hashed, and works after a restart', async () => {
  const dir = await tempDir();
  const port = String(await freePort());
  const first = await spawnRelay({ SWITCHBOARD_PORT: port, SWITCHBOARD_DATA_DIR: dir });
  const printed = /\b(sb_[\w-]{40,})\b/.exec(first.stderr.join(''))?.[1];
  expect(printed).toBeDefined();
  expect((await apiCall(first.url, 'GET', '/me', undefined, printed)).status).toBe(200);
  first.child.kill('SIGTERM');
  expect(await first.exited).toBe(0);
  expect(await persistedConfigText(dir)).not.toContain(printed!);
  const second = await spawnRelay({ SWITCHBOARD_PORT: port, SWITCHBOARD_DATA_DIR: dir });
  expect(second.stderr.join('')).not.toContain('sb_');
  expect((await apiCall(second.url, 'GET', '/me', undefined, printed)).status).toBe(200);
  second.child.kill('SIGTERM');
  await second.exited;
  await rm(dir, { recursive: true, force: true });
});

test('300 concurrent events all survive a SIGKILL right after the last 202', async () => {
  const dir = await tempDir();
  const port = String(await freePort());
  const env = { SWITCHBOARD_PORT: port, SWITCHBOARD_DATA_DIR: dir, SWITCHBOARD_API_KEYS: KEY };
  const relay = await spawnRelay(env);
  const source = (await apiCall(relay.url, 'POST', '/sources', { vendor: 'clarky', name: 'Crash test' }, KEY)).body;
  const body = fixtureBytes('clarky/message_received.json');
  const results = await Promise.all(
    Array.from({ length: 300 }, () => fetch(source.ingest_url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(async (r) => ({ status: r.status, id: ((await r.json()) as { event_id: string }).event_id }))),
  );
  relay.child.kill('SIGKILL');
  await relay.exited;
  expect(results.every((r) => r.status === 202)).toBe(true);
  const accepted = new Set(results.map((r) => r.id));
  expect(accepted.size).toBe(300);

  const restarted = await spawnRelay(env);
  const stored = await apiCall(restarted.url, 'GET', `/events?source_id=${source.id}&limit=500`, undefined, KEY);
  const storedIds = new Set((stored.body.data as { id: string }[]).map((e) => e.id));
  expect(storedIds).toEqual(accepted);
  restarted.child.kill('SIGTERM');
  await restarted.exited;
  await rm(dir, { recursive: true, force: true });
});
