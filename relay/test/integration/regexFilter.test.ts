/**
 * Issue #12 item 1: one vendor event matched against a backtracking filter froze the whole relay
 * (a Clarky message of 5,000 spaces against `(.|\s)*urgent` pinned it at 100 % CPU for minutes).
 * The relay runs as a child process so that, were the filter to block its event loop, this test
 * would fail on its timeouts instead of freezing with it.
 */
import { fixtureBytes } from '../support/manifest.js';
import { apiCall, freePort, spawnRelay, tempDir, TEST_API_KEY, type ChildRelay } from '../support/relay.js';

let relay: ChildRelay;
beforeAll(async () => {
  relay = await spawnRelay({ SWITCHBOARD_PORT: String(await freePort()), SWITCHBOARD_DATA_DIR: await tempDir(), SWITCHBOARD_API_KEYS: TEST_API_KEY });
});
afterAll(async () => {
  relay.child.kill('SIGKILL');
  await relay.exited;
});

/** fetch that gives up after `ms` (a frozen relay never answers). */
async function within(ms: number, url: string, init?: RequestInit): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(ms) });
}

test.each([
  ['(.|\\s)*urgent', ' '.repeat(5_000)],
  ['(.|\\s)*urgent', ' '.repeat(50_000)],
  ['^(a|a)*$', `${'a'.repeat(30_000)}!`],
])('a subscription filtered by %j and a hostile message: ingest, /healthz and the API keep answering', async (pattern, content) => {
  const source = await apiCall(relay.url, 'POST', '/sources', { vendor: 'clarky', name: 'chat' });
  expect(source.status).toBe(201);
  const hook = await apiCall(relay.url, 'POST', '/hooks', {
    target_url: `http://127.0.0.1:9/never/${encodeURIComponent(pattern)}/${content.length}`,
    event_types: ['clarky.message.received'],
    source_id: source.body.id,
    filter: { 'data.message.content': { $regex: pattern } },
  });
  expect(hook.status).toBe(201);
  const body = JSON.parse(fixtureBytes('clarky/message_received.json').toString('utf8')) as { message: { content: string } };
  body.message.content = content;
  const ingest = within(5_000, source.body.ingest_url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const health = within(5_000, `${relay.url}/healthz`);
  expect((await ingest).status).toBe(202);
  expect((await health).status).toBe(200);
  const preview = await within(5_000, `${relay.url}/api/v1/hooks/${hook.body.id}`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } });
  expect(preview.status).toBe(200);
});

test('a filter the linear-time engine cannot run is refused at save time, naming the construct', async () => {
  const refused = await apiCall(relay.url, 'POST', '/hooks', {
    target_url: 'http://127.0.0.1:9/never',
    event_types: ['clarky.*'],
    filter: { 'data.message.content': { $regex: '(\\w+) \\1' } },
  });
  expect(refused.status).toBe(400);
  expect(refused.body.error).toMatchObject({ code: 'invalid_field', field: 'filter["data.message.content"].$regex', message: expect.stringMatching(/backreference/) });
});
