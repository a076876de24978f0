/**
 * Property: no admin API input makes the relay answer 5xx. Valid bodies of every admin write
 * endpoint (and the listing queries), mutated with the same edits as the vendor bodies
 * (test/support/fuzz: values of the wrong type, keys added or removed, `__proto__`, huge strings,
 * deep nesting), go over real HTTP to a real relay; every answer is a 2xx or a coded 4xx whose
 * body names the field when it is about one. `SWITCHBOARD_PROPERTY_RUNS` for longer runs.
 */
import fc from 'fast-check';
import { mutatedBody } from '../support/fuzz/mutate.js';
import { propertyParameters } from '../support/fuzz/runs.js';
import { keysOf } from '../support/fuzz/seeds.js';
import { startTestRelay, TEST_API_KEY, type TestRelay } from '../support/relay.js';

let relay: TestRelay;
let sourceId = '';
let hookId = '';
let eventId = '';

beforeAll(async () => {
  relay = await startTestRelay({ SWITCHBOARD_INGEST_RATE_LIMIT: '0' });
  const source = (await relay.api('POST', '/sources', { vendor: 'clarky', name: 'fuzz' })).body;
  sourceId = source.id;
  hookId = (await relay.api('POST', '/hooks', { target_url: 'http://127.0.0.1:9/fuzz', event_types: ['clarky.*'], active: false })).body.id;
  const ingest = await fetch(source.ingest_url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"event":"contact.created","contact":{"first_name":"Ada"}}' });
  eventId = ((await ingest.json()) as { event_id: string }).event_id;
});
afterAll(async () => relay.stop());

interface Endpoint {
  name: string;
  method: string;
  path: () => string;
  /** A body the endpoint accepts (built when the test runs: it names the ids made in beforeAll). */
  valid: () => Record<string, unknown>;
}

const HOOK = {
  target_url: 'http://127.0.0.1:9/fuzz-hook',
  event_types: ['clarky.booking.confirmed', 'clockwork.*'],
  name: 'fuzzed',
  description: 'a subscription',
  http_method: 'POST',
  auth: { type: 'header', name: 'X-Key', value: 'secret' },
  retry_enabled: true,
  retry_schedule: [1, 60],
  filter: { 'data.booking.status': 'confirmed', 'person.email': { $exists: true }, $or: [{ vendor: 'clarky' }, { type: { $regex: '^clock', $options: 'i' } }] },
  payload_template: '{"text": "{{person.first_name}} booked", "booking": {{data.booking}}}',
  active: false,
};

const ENDPOINTS: Endpoint[] = [
  { name: 'POST /sources', method: 'POST', path: () => '/sources', valid: () => ({ vendor: 'clarky', name: 'Front desk', description: 'x', active: true }) },
  { name: 'PATCH /sources/:id', method: 'PATCH', path: () => `/sources/${sourceId}`, valid: () => ({ name: 'Renamed', description: null, active: true }) },
  { name: 'POST /sources/:id/rotate-token', method: 'POST', path: () => `/sources/${sourceId}/rotate-token`, valid: () => ({ grace_period_seconds: 600 }) },
  { name: 'POST /hooks', method: 'POST', path: () => '/hooks', valid: () => (HOOK) },
  { name: 'PATCH /hooks/:id', method: 'PATCH', path: () => `/hooks/${hookId}`, valid: () => ({ ...HOOK, target_url: 'http://127.0.0.1:9/fuzz', event_types: ['clarky.*'] }) },
  { name: 'POST /hooks/preview', method: 'POST', path: () => '/hooks/preview', valid: () => ({ payload_template: HOOK.payload_template, filter: HOOK.filter, event_type: 'clarky.booking.confirmed' }) },
  { name: 'POST /hooks/:id/recover', method: 'POST', path: () => `/hooks/${hookId}/recover`, valid: () => ({ since: '2026-01-01T00:00:00.000Z' }) },
  { name: 'POST /events/:id/replay', method: 'POST', path: () => `/events/${eventId}/replay`, valid: () => ({ hook_id: hookId }) },
];

function expectCoded(status: number, body: unknown, what: string): void {
  expect({ what, status: status >= 500 ? status : 'below 500' }).toEqual({ what, status: 'below 500' });
  if (status < 400) return;
  const error = (body as { error?: { code?: unknown; message?: unknown; field?: unknown } } | null)?.error;
  expect(typeof error?.code).toBe('string');
  expect(typeof error?.message).toBe('string');
  if (error?.code === 'invalid_field' || error?.code === 'missing_field') expect(typeof error.field).toBe('string');
}

async function send(method: string, path: string, body: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${relay.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' }, body });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed };
}

describe.each(ENDPOINTS)('$name', (endpoint) => {
  const label = endpoint.name;
  it('the valid body is accepted (the base the mutations start from)', async () => {
    const res = await send(endpoint.method, endpoint.path(), JSON.stringify(endpoint.valid()));
    expect({ label, status: res.status, body: res.status < 300 ? null : res.body }).toEqual({ label, status: expect.any(Number), body: null });
  });

  it('never answers 5xx to a mutated body, and every refusal is coded', async () => {
    const valid = endpoint.valid();
    const bodies = fc.oneof(
      { weight: 8, arbitrary: mutatedBody([valid], keysOf([valid])).map((b) => JSON.stringify(b)) },
      { weight: 1, arbitrary: mutatedBody([valid], keysOf([valid]), true).map((b) => JSON.stringify(b)) },
      { weight: 1, arbitrary: fc.json() },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const res = await send(endpoint.method, endpoint.path(), body);
        expectCoded(res.status, res.body, label);
      }),
      propertyParameters(60),
    );
  });
});

it('never answers 5xx to mutated listing queries', async () => {
  const value = fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.integer().map(String), fc.constantFrom('', '-1', '1e9', '0', 'pending', 'NaN', '%', '%E0%A4%A'));
  const query = fc.tuple(
    fc.constantFrom('/events', '/deliveries', `/hooks/${'x'}/deliveries`, '/hooks', '/sources', '/event-types', `/sources/${'x'}/rejections`),
    fc.dictionary(fc.constantFrom('limit', 'cursor', 'status', 'type', 'vendor', 'source_id', 'hook_id', 'event_id', 'event_type', 'target_url', '__proto__'), value, { maxKeys: 4 }),
  );
  await fc.assert(
    fc.asyncProperty(query, async ([path, params]) => {
      const real = path.replace('/hooks/x/', `/hooks/${hookId}/`).replace('/sources/x/', `/sources/${sourceId}/`);
      const search = Object.entries(params).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
      const res = await fetch(`${relay.url}/api/v1${real}?${search}`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } });
      const text = await res.text();
      expectCoded(res.status, text ? JSON.parse(text) : null, `GET ${real}?${search}`);
    }),
    propertyParameters(150),
  );
});
