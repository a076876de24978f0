/** Pending and scheduled deliveries survive SIGKILL: after a restart every event is delivered, with the same webhook-id. */
import { rm } from 'node:fs/promises';
import { fixtureBytes } from '../support/manifest.js';
import { reply, startReceiver } from '../support/receiver.js';
import { apiCall, freePort, spawnRelay, tempDir } from '../support/relay.js';

const KEY = 'crash_delivery_key_0123456789';

test('SIGKILL with retries pending, then restart: every delivery completes', async () => {
  const rx = await startReceiver();
  rx.on('/crash', reply(500));
  const dir = await tempDir();
  const env = { SWITCHBOARD_PORT: String(await freePort()), SWITCHBOARD_DATA_DIR: dir, SWITCHBOARD_API_KEYS: KEY };
  const first = await spawnRelay(env);
  const source = (await apiCall(first.url, 'POST', '/sources', { vendor: 'clarky', name: 'crash' }, KEY)).body;
  const hook = await apiCall(first.url, 'POST', '/hooks', { target_url: `${rx.url}/crash`, event_types: ['clarky.*'], retry_schedule: [2] }, KEY);
  expect(hook.status).toBe(201);
  const body = fixtureBytes('clarky/message_sent.json');
  const ids: string[] = [];
  for (let i = 0; i < 20; i++) {
    const res = await fetch(source.ingest_url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    ids.push(((await res.json()) as { event_id: string }).event_id);
  }
  await rx.waitFor('/crash', 20); // every first attempt failed: 20 retries are scheduled
  first.child.kill('SIGKILL');
  await first.exited;

  rx.on('/crash', reply(200));
  const second = await spawnRelay(env);
  const deadline = Date.now() + 15_000;
  const delivered = (): Set<string> => new Set(rx.at('/crash').slice(20).map((r) => String(r.headers['webhook-id'])));
  while (delivered().size < 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(delivered()).toEqual(new Set(ids));
  const all = rx.at('/crash').map((r) => String(r.headers['webhook-id']));
  expect(all.every((id) => ids.includes(id))).toBe(true);
  second.child.kill('SIGTERM');
  await second.exited;
  await rx.close();
  await rm(dir, { recursive: true, force: true });
});
