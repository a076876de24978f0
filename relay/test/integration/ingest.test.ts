/** Auth failures, limits, content types, dedupe headers, unknown types and the rejections log, over real HTTP. */
import { fixtureBytes } from '../support/manifest.js';
import { startTestRelay, TEST_API_KEY, type TestRelay } from '../support/relay.js';

let relay: TestRelay;
let clarky: { id: string; token: string; ingest_url: string; ingest_base_url: string };
let clarityflow: { id: string; token: string; ingest_url: string; ingest_base_url: string };
const booking = fixtureBytes('clarky/booking_confirmed.json');
const json = { 'content-type': 'application/json' };

beforeAll(async () => {
  relay = await startTestRelay({ SWITCHBOARD_MAX_BODY_BYTES: '4096', SWITCHBOARD_MAX_DEPTH: '8', SWITCHBOARD_REJECTIONS_PER_SOURCE: '5' });
  clarky = (await relay.api('POST', '/sources', { vendor: 'clarky', name: 'Front desk' })).body;
  clarityflow = (await relay.api('POST', '/sources', { vendor: 'clarityflow', name: 'Coaching' })).body;
});
afterAll(async () => relay.stop());

async function send(url: string, init: RequestInit): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(url, init);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('authentication', () => {
  test('the right token in the path is accepted', async () => {
    expect((await send(clarky.ingest_url, { method: 'POST', headers: json, body: booking })).status).toBe(202);
  });
  test.each([
    ['Authorization: Bearer', { authorization: '' }],
    ['Authtoken', { authtoken: '' }],
  ])('the right token in %s is accepted', async (_name, header) => {
    const key = Object.keys(header)[0]!;
    const value = key === 'authorization' ? `Bearer ${clarky.token}` : clarky.token;
    expect((await send(clarky.ingest_base_url, { method: 'POST', headers: { ...json, [key]: value }, body: booking })).status).toBe(202);
  });
  test('a wrong token in the path is 401 invalid_token', async () => {
    const res = await send(`${clarky.ingest_base_url}/wrong-token`, { method: 'POST', headers: json, body: booking });
    expect(res).toMatchObject({ status: 401, body: { error: { code: 'invalid_token' } } });
  });
  test('a wrong bearer token is 401 invalid_token', async () => {
    const res = await send(clarky.ingest_base_url, { method: 'POST', headers: { ...json, authorization: 'Bearer nope' }, body: booking });
    expect(res).toMatchObject({ status: 401, body: { error: { code: 'invalid_token' } } });
  });
  test('no token at all is 401 missing_token', async () => {
    const res = await send(clarky.ingest_base_url, { method: 'POST', headers: json, body: booking });
    expect(res).toMatchObject({ status: 401, body: { error: { code: 'missing_token' } } });
  });
  test("another source's token is refused", async () => {
    const res = await send(`${clarky.ingest_base_url}/${clarityflow.token}`, { method: 'POST', headers: json, body: booking });
    expect(res.status).toBe(401);
  });
  test('an unknown source is 404 and stores nothing', async () => {
    const res = await send(`${relay.url}/in/src_nope/${clarky.token}`, { method: 'POST', headers: json, body: booking });
    expect(res).toMatchObject({ status: 404, body: { error: { code: 'source_not_found' } } });
  });
  test('a rotated token stops working and the new one works', async () => {
    const source = (await relay.api('POST', '/sources', { vendor: 'clarky', name: 'Rotating' })).body;
    const rotated = await relay.api('POST', `/sources/${source.id}/rotate-token`, {});
    expect(rotated.status).toBe(200);
    expect(rotated.body.token).not.toEqual(source.token);
    expect((await send(source.ingest_url, { method: 'POST', headers: json, body: booking })).status).toBe(401);
    expect((await send(rotated.body.ingest_url, { method: 'POST', headers: json, body: booking })).status).toBe(202);
  });
  test('with a grace period the previous token keeps working', async () => {
    const source = (await relay.api('POST', '/sources', { vendor: 'clarky', name: 'Graceful' })).body;
    const rotated = await relay.api('POST', `/sources/${source.id}/rotate-token`, { grace_period_seconds: 3600 });
    expect(rotated.body.previous_token_expires_at).toEqual(expect.any(String));
    expect((await send(source.ingest_url, { method: 'POST', headers: json, body: booking })).status).toBe(202);
  });
  test('a switched-off source refuses with 403 source_disabled', async () => {
    const source = (await relay.api('POST', '/sources', { vendor: 'clarky', name: 'Off', active: false })).body;
    const res = await send(source.ingest_url, { method: 'POST', headers: json, body: booking });
    expect(res).toMatchObject({ status: 403, body: { error: { code: 'source_disabled' } } });
  });
});

describe('limits and shapes', () => {
  test('a body over the limit is 413', async () => {
    const big = JSON.stringify({ event: 'contact.created', pad: 'x'.repeat(5000) });
    const res = await send(clarky.ingest_url, { method: 'POST', headers: json, body: big });
    expect(res).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
  });
  test('nesting deeper than the limit is 400 too_deep', async () => {
    const deep = `{"event":"contact.created","x":${'['.repeat(9)}${']'.repeat(9)}}`;
    const res = await send(clarky.ingest_url, { method: 'POST', headers: json, body: deep });
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'too_deep' } } });
  });
  test('nesting at the limit is accepted', async () => {
    const ok = `{"event":"contact.created","x":${'['.repeat(7)}${']'.repeat(7)}}`;
    expect((await send(clarky.ingest_url, { method: 'POST', headers: json, body: ok })).status).toBe(202);
  });
  test.each(['text/html', 'application/x-www-form-urlencoded', 'application/json; charset=latin1'])('Content-Type %s is 415', async (type) => {
    const res = await send(clarky.ingest_url, { method: 'POST', headers: { 'content-type': type }, body: booking });
    expect(res).toMatchObject({ status: 415, body: { error: { code: 'unsupported_media_type' } } });
  });
  test.each(['application/json; charset=utf-8', 'application/vnd.clarky+json'])('Content-Type %s is accepted', async (type) => {
    expect((await send(clarky.ingest_url, { method: 'POST', headers: { 'content-type': type }, body: booking })).status).toBe(202);
  });
  test('a body with a __proto__ key is refused, naming the problem', async () => {
    const res = await send(clarky.ingest_url, { method: 'POST', headers: json, body: '{"event":"contact.created","__proto__":{"x":1}}' });
    expect(res.status).toBe(400);
    expect(res.body['error'].message).toMatch(/__proto__/);
  });
  test('a JSON array is refused with 400', async () => {
    const res = await send(clarky.ingest_url, { method: 'POST', headers: json, body: '[1,2]' });
    expect(res.status).toBe(400);
  });
  test('PUT and PATCH are accepted like POST', async () => {
    for (const method of ['PUT', 'PATCH']) {
      expect((await send(clarky.ingest_url, { method, headers: json, body: booking })).status).toBe(202);
    }
  });
  test('DELETE is 405 with an Allow header', async () => {
    const res = await fetch(clarky.ingest_url, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST, PUT, PATCH');
  });
  test('a missing field is named in the error', async () => {
    const res = await send(clarky.ingest_url, { method: 'POST', headers: json, body: '{"timestamp":"2026-03-03T14:05:12.418Z"}' });
    expect(res).toMatchObject({ status: 400, body: { error: { field: 'event' } } });
  });
});

describe('dedupe', () => {
  test.each(['Idempotency-Key', 'webhook-id'])('a repeated %s header is a duplicate with the first event id', async (header) => {
    const headers = { ...json, [header]: `key-${header}-1` };
    const first = await send(clarky.ingest_url, { method: 'POST', headers, body: booking });
    const again = await send(clarky.ingest_url, { method: 'POST', headers, body: booking });
    expect(first).toMatchObject({ status: 202, body: { duplicate: false } });
    expect(again).toEqual({ status: 200, body: { event_id: first.body['event_id'], duplicate: true } });
  });
  test('the same header value on another source is not a duplicate', async () => {
    const other = (await relay.api('POST', '/sources', { vendor: 'clarky', name: 'Other' })).body;
    const headers = { ...json, 'Idempotency-Key': 'shared-key' };
    expect((await send(clarky.ingest_url, { method: 'POST', headers, body: booking })).status).toBe(202);
    expect((await send(other.ingest_url, { method: 'POST', headers, body: booking })).status).toBe(202);
  });
  test('identical bodies without keys are separate events', async () => {
    const a = await send(clarky.ingest_url, { method: 'POST', headers: json, body: booking });
    const b = await send(clarky.ingest_url, { method: 'POST', headers: json, body: booking });
    expect([a.status, b.status]).toEqual([202, 202]);
  });
});

describe('rate limit', () => {
  test('more than SWITCHBOARD_INGEST_RATE_LIMIT a minute for one source is 429 with Retry-After', async () => {
    const limited = await startTestRelay({ SWITCHBOARD_INGEST_RATE_LIMIT: '3' });
    try {
      const source = (await limited.api('POST', '/sources', { vendor: 'clarky', name: 'Chatty' })).body;
      const statuses: number[] = [];
      let last: Response | null = null;
      for (let i = 0; i < 4; i++) {
        last = await fetch(source.ingest_url, { method: 'POST', headers: json, body: booking });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([202, 202, 202, 429]);
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await last!.json()).toMatchObject({ error: { code: 'rate_limited' } });
    } finally {
      await limited.stop();
    }
  });
});

describe('unknown types', () => {
  test('an uncataloged Clarky event is accepted with cataloged false', async () => {
    const res = await send(clarky.ingest_url, { method: 'POST', headers: json, body: '{"event":"invoice.paid","timestamp":"2026-03-03T14:05:12Z"}' });
    expect(res.status).toBe(202);
    const event = await relay.api('GET', `/events/${res.body['event_id']}`);
    expect(event.body).toMatchObject({ type: 'clarky.invoice.paid', cataloged: false, occurred_at: '2026-03-03T14:05:12.000Z' });
  });
});

describe('rejections log', () => {
  test('refused requests are listed newest first with reason and body, bounded per source (wrong tokens in their own bucket)', async () => {
    const source = (await relay.api('POST', '/sources', { vendor: 'clarky', name: 'Misconfigured' })).body;
    for (let i = 0; i < 7; i++) {
      await send(source.ingest_url, { method: 'POST', headers: json, body: `{"not_event": ${i}}` });
    }
    await send(`${source.ingest_base_url}/bad-token`, { method: 'POST', headers: json, body: booking });
    const list = await relay.api('GET', `/sources/${source.id}/rejections`);
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(5 + 1);
    expect(list.body.data[0]).toMatchObject({ status: 401, code: 'invalid_token', method: 'POST', content_type: 'application/json' });
    expect(list.body.data[1]).toMatchObject({ status: 400, code: 'missing_field', body_excerpt: '{"not_event": 6}' });
    expect(JSON.stringify(list.body)).not.toContain(source.token);
  });
  test('an unknown source has no rejections list', async () => {
    expect((await relay.api('GET', '/sources/src_nope/rejections')).status).toBe(404);
  });
});

describe('API key', () => {
  test.each([
    ['no Authorization header', undefined, 'missing_api_key'],
    ['a wrong key', 'Bearer wrong-key-0123456789', 'invalid_api_key'],
    ['a non-bearer scheme', `Basic ${TEST_API_KEY}`, 'invalid_api_key'],
  ])('%s is 401', async (_name, header, code) => {
    const res = await fetch(`${relay.url}/api/v1/me`, { headers: header ? { authorization: header } : {} });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await res.json()).toMatchObject({ error: { code } });
  });
  test('the right key passes GET /me', async () => {
    const res = await relay.api('GET', '/me');
    expect(res).toMatchObject({ status: 200, body: { ok: true, key: { origin: 'env' } } });
  });
});

describe('logs', () => {
  test('one line per request with its outcome, and no secrets', async () => {
    await send(clarky.ingest_url, { method: 'POST', headers: json, body: booking });
    const all = relay.logs.join('');
    expect(all).not.toContain(clarky.token);
    expect(all).not.toContain(clarityflow.token);
    expect(all).not.toContain(TEST_API_KEY);
    const lines = relay.logs.map((l) => JSON.parse(l) as Record<string, any>);
    const ingest = lines.filter((l) => l['req']?.url?.startsWith(`/in/${clarky.id}/`));
    expect(ingest.length).toBeGreaterThan(5);
    expect(ingest.every((l) => l['req'].url === `/in/${clarky.id}/***`)).toBe(true);
    expect(ingest.some((l) => l['res']?.status === 202 && typeof l['event_id'] === 'string')).toBe(true);
    expect(ingest.some((l) => l['error_code'] === 'payload_too_large')).toBe(true);
  });
});
