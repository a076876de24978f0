/**
 * Every file of fixtures/vendors/manifest.json, sent to a real relay on a port the
 * way the manifest says, gets exactly the listed answer; accepted ones read back through
 * /api/v1/events/:id with the contract's envelope.
 */
import { expectedStatus, fixtureBytes, loadManifest, type ManifestEntry } from '../support/manifest.js';
import { startTestRelay, type TestRelay } from '../support/relay.js';

const VENDORS = ['clockwork', 'clockwise_md', 'clarityflow', 'clarky'] as const;
let relay: TestRelay;
const sources: Record<string, { id: string; token: string; ingest_url: string; ingest_base_url: string }> = {};

beforeAll(async () => {
  relay = await startTestRelay();
  for (const vendor of VENDORS) {
    const res = await relay.api('POST', '/sources', { vendor, name: `${vendor} test` });
    expect(res.status).toBe(201);
    sources[vendor] = res.body;
  }
});
afterAll(async () => relay.stop());

/** Placeholder header values (`<...>`) stand for the source token; then the URL carries none. */
function buildRequest(entry: ManifestEntry): { url: string; init: RequestInit } {
  const vendor = entry.vendor === 'any' ? 'clarityflow' : entry.vendor;
  const source = sources[vendor];
  if (!source) throw new Error(`no source for ${vendor}`);
  const headers: Record<string, string> = {};
  let tokenInHeader = false;
  for (const [name, value] of Object.entries(entry.request.headers)) {
    if (value.includes('<')) {
      tokenInHeader = true;
      headers[name] = value.replace(/<[^>]+>/, source.token);
    } else headers[name] = value;
  }
  // clarky_no_auth_header: the Clarky form without its header must be refused.
  const headerForm = tokenInHeader || entry.file === 'bad/clarky_no_auth_header.json';
  const url = headerForm ? source.ingest_base_url : source.ingest_url;
  const body = fixtureBytes(entry.file);
  const method = entry.request.method;
  return { url, init: { method, headers, ...(method === 'GET' || method === 'HEAD' ? {} : { body }) } };
}

const webhooks = loadManifest().filter((e) => expectedStatus(e) !== null);

test('the manifest lists webhooks to send', () => {
  expect(webhooks.length).toBeGreaterThan(50);
});

describe.each(webhooks.map((e) => [e.file, e] as const))('%s', (_file, entry) => {
  test(`answers ${entry.expect}`, async () => {
    const { url, init } = buildRequest(entry);
    const res = await fetch(url, init);
    const body = (await res.json()) as Record<string, any>;
    expect({ status: res.status, body }).toMatchObject({ status: expectedStatus(entry) });
    if (res.status >= 400) {
      expect(body['error']).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
      return;
    }
    expect(body['event_id']).toMatch(/^evt_/);
    const stored = await relay.api('GET', `/events/${body['event_id']}`);
    expect(stored.status).toBe(200);
    checkEnvelope(stored.body, entry);
  });
});

function checkEnvelope(event: Record<string, any>, entry: ManifestEntry): void {
  const vendor = entry.vendor;
  const wire = (entry.wire_type ?? '').replace(/ \(GUESS\)$/, '');
  expect(event).toEqual(
    expect.objectContaining({
      id: expect.stringMatching(/^evt_/),
      type: `${vendor}.${wire}`,
      vendor,
      vendor_event: wire,
      cataloged: !/cataloged false/.test(entry.expect),
      occurred_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      received_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      source: { id: sources[vendor]?.id, name: `${vendor} test` },
      data: expect.any(Object),
    }),
  );
  if (event['person'] !== null) {
    expect(Object.keys(event['person']).sort()).toEqual(['email', 'first_name', 'last_name', 'phone']);
  }
}

test('a Clarityflow redelivery with the same id is answered 200 duplicate with the first event id', async () => {
  const a = buildRequest(webhooks.find((e) => e.file.endsWith('clarityflow_duplicate_delivery_a.json'))!);
  const b = buildRequest(webhooks.find((e) => e.file.endsWith('clarityflow_duplicate_delivery_b.json'))!);
  // Both were already sent once above, in manifest order: a new pair of sends stays duplicate.
  const first = (await (await fetch(a.url, a.init)).json()) as Record<string, unknown>;
  const second = await fetch(b.url, b.init);
  expect(second.status).toBe(200);
  expect(await second.json()).toEqual({ event_id: first['event_id'], duplicate: true });
});

test('byte-identical Clockwise.MD checkins are two events', async () => {
  const entry = webhooks.find((e) => e.file.endsWith('clockwise_md_duplicate_checkin_a.json'))!;
  const { url, init } = buildRequest(entry);
  const one = (await (await fetch(url, init)).json()) as Record<string, unknown>;
  const two = (await (await fetch(url, { ...init, body: fixtureBytes(entry.file) })).json()) as Record<string, unknown>;
  expect(one['duplicate']).toBe(false);
  expect(two['duplicate']).toBe(false);
  expect(one['event_id']).not.toEqual(two['event_id']);
});

test('the Clockwise.MD path form works as well as the Authtoken header', async () => {
  const source = sources['clockwise_md']!;
  const res = await fetch(source.ingest_url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: fixtureBytes('clockwise_md/checkin.json') });
  expect(res.status).toBe(202);
});
