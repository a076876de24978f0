/**
 * Delivery over real HTTP: a real relay, real receivers on loopback, signatures checked with the
 * independent `standardwebhooks` verifier.
 */
import { Webhook } from 'standardwebhooks';
import { fixtureBytes } from '../support/manifest.js';
import { eventually, hang, reply, startReceiver, type Receiver } from '../support/receiver.js';
import { startTestRelay, type TestRelay } from '../support/relay.js';

let relay: TestRelay;
let rx: Receiver;
const json = { 'content-type': 'application/json' };

beforeAll(async () => {
  rx = await startReceiver();
  relay = await startTestRelay({ SWITCHBOARD_AUTO_DISABLE_AFTER: '3', SWITCHBOARD_DELIVERY_TIMEOUT_MS: '1500' });
});
afterAll(async () => {
  await relay.stop();
  await rx.close();
});

interface Source { id: string; ingest_url: string }
interface Hook { id: string; secret: string }

/** Each test gets its own source, and scopes its hooks to it, so tests never see each other's events. */
async function newSource(): Promise<Source> {
  return (await relay.api('POST', '/sources', { vendor: 'clarky', name: `src ${Math.random()}` })).body;
}
async function subscribe(source: Source, path: string, extra: Record<string, unknown> = {}): Promise<Hook> {
  const res = await relay.api('POST', '/hooks', { target_url: `${rx.url}${path}`, event_types: ['clarky.*'], source_id: source.id, ...extra });
  expect(res.status).toBe(201);
  return res.body;
}
async function send(source: Source, file = 'clarky/booking_confirmed.json'): Promise<string> {
  const res = await fetch(source.ingest_url, { method: 'POST', headers: json, body: fixtureBytes(file) });
  expect(res.status).toBe(202);
  return ((await res.json()) as { event_id: string }).event_id;
}
function headersOf(r: { headers: Record<string, unknown> }): Record<string, string> {
  return Object.fromEntries(Object.entries(r.headers).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}
async function deliveriesOf(hook: Hook): Promise<any[]> {
  return (await relay.api('GET', `/hooks/${hook.id}/deliveries?limit=100`)).body.data;
}

describe('signing', () => {
  test('a delivery is signed per Standard Webhooks: the independent verifier accepts it, and rejects it with another secret', async () => {
    const source = await newSource();
    const hook = await subscribe(source, '/signed');
    const eventId = await send(source);
    const [got] = await rx.waitFor('/signed', 1);
    const headers = headersOf(got!);
    expect(headers['webhook-id']).toBe(eventId);
    const verified = new Webhook(hook.secret).verify(got!.body, headers);
    expect(verified).toEqual((await relay.api('GET', `/events/${eventId}`)).body);
    expect(() => new Webhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw').verify(got!.body, headers)).toThrow();
    expect(headers['content-type']).toBe('application/json');
    expect(headers['user-agent']).toMatch(/^Switchboard\//);
  });
});

describe('auth headers', () => {
  test.each([
    ['none', { type: 'none' }, undefined, undefined],
    ['bearer', { type: 'bearer', token: 'tok-123' }, 'authorization', 'Bearer tok-123'],
    ['basic', { type: 'basic', username: 'ada', password: 'p@ss:word' }, 'authorization', `Basic ${Buffer.from('ada:p@ss:word').toString('base64')}`],
    ['header', { type: 'header', name: 'X-Api-Key', value: 'k-456' }, 'x-api-key', 'k-456'],
  ])('%s auth sends the right header', async (name, auth, header, value) => {
    const source = await newSource();
    await subscribe(source, `/auth-${name}`, { auth });
    await send(source);
    const [got] = await rx.waitFor(`/auth-${name}`, 1);
    if (header) expect(got!.headers[header]).toBe(value);
    else expect(got!.headers['authorization']).toBeUndefined();
  });

  test('PUT and PATCH methods are used when set', async () => {
    const source = await newSource();
    await subscribe(source, '/put', { http_method: 'PUT' });
    await send(source);
    expect((await rx.waitFor('/put', 1))[0]!.method).toBe('PUT');
  });
});

describe('outcomes', () => {
  test('a failing target is retried on a short custom schedule, then the delivery is failed', async () => {
    rx.on('/flaky', reply(500, 'boom'));
    const source = await newSource();
    const hook = await subscribe(source, '/flaky', { retry_schedule: [1, 2] });
    await send(source);
    const got = await rx.waitFor('/flaky', 3, 15_000);
    const gaps = [got[1]!.at - got[0]!.at, got[2]!.at - got[1]!.at];
    // As received: never early, and late only by scheduling noise (the suite shares 2 cores).
    expect(gaps[0]).toBeGreaterThanOrEqual(1000);
    expect(gaps[1]).toBeGreaterThanOrEqual(2000);
    expect(gaps[0]! + gaps[1]!).toBeLessThan(6000);
    expect(new Set(got.map((r) => r.headers['webhook-id'])).size).toBe(1);
    const [delivery] = await eventually(async () => {
      const list = await deliveriesOf(hook);
      return list[0]?.status === 'failed' ? list : undefined;
    });
    expect(delivery.attempts_log.map((a: { status_code: number }) => a.status_code)).toEqual([500, 500, 500]);
    // As scheduled by the relay: +1 s, then +2 s after each failed attempt ended (up to 10 % jitter).
    const scheduled = delivery.attempts_log.slice(0, 2).map((a: { started_at: string; duration_ms: number; next_attempt_at: string }) => Date.parse(a.next_attempt_at) - Date.parse(a.started_at) - a.duration_ms);
    expect(scheduled[0]).toBeGreaterThanOrEqual(1000 - 5);
    expect(scheduled[0]).toBeLessThanOrEqual(1100 + 50);
    expect(scheduled[1]).toBeGreaterThanOrEqual(2000 - 5);
    expect(scheduled[1]).toBeLessThanOrEqual(2200 + 50);
    expect(delivery.attempts_log[0].response_body).toBe('boom');
    expect(delivery.attempts_log[0].next_attempt_at).toEqual(expect.any(String));
    expect(delivery.attempts_log[2].next_attempt_at).toBeNull();
  });

  test('410 Gone deletes the subscription', async () => {
    rx.on('/gone', reply(410));
    const source = await newSource();
    const hook = await subscribe(source, '/gone');
    await send(source);
    await eventually(async () => ((await relay.api('GET', `/hooks/${hook.id}`)).status === 404 ? true : undefined));
  });

  test("an n8n-style 404 (inactive workflow) is retried, then failed, and the subscription is kept", async () => {
    rx.on('/n8n-off', reply(404, '{"code":404,"message":"The requested webhook is not registered."}'));
    const source = await newSource();
    const hook = await subscribe(source, '/n8n-off', { retry_schedule: [1] });
    await send(source);
    await rx.waitFor('/n8n-off', 2);
    await eventually(async () => ((await deliveriesOf(hook))[0]?.status === 'failed' ? true : undefined));
    expect((await relay.api('GET', `/hooks/${hook.id}`)).body).toMatchObject({ active: true });
  });

  test('a subscription whose deliveries keep failing is switched off with a reason, not deleted', async () => {
    rx.on('/down', reply(503));
    const source = await newSource();
    const hook = await subscribe(source, '/down', { retry_enabled: false });
    for (let i = 0; i < 3; i++) await send(source);
    const read = await eventually(async () => {
      const res = await relay.api('GET', `/hooks/${hook.id}`);
      return res.body.active === false ? res.body : undefined;
    });
    expect(read.disabled_reason).toMatch(/3 failed deliveries in a row/);
    await send(source);
    await new Promise((r) => setTimeout(r, 300));
    expect(rx.at('/down')).toHaveLength(3);
  });

  test('redirects are not followed', async () => {
    rx.on('/moved', reply(301, '', { location: `${rx.url}/elsewhere` }));
    const source = await newSource();
    const hook = await subscribe(source, '/moved', { retry_enabled: false });
    await send(source);
    const [delivery] = await eventually(async () => {
      const list = await deliveriesOf(hook);
      return list[0]?.status === 'failed' ? list : undefined;
    });
    expect(delivery.attempts_log[0]).toMatchObject({ status_code: 301, response_headers: { location: `${rx.url}/elsewhere` } });
    expect(rx.at('/elsewhere')).toHaveLength(0);
  });

  test('only the first 5000 characters of a response body are kept', async () => {
    rx.on('/big', reply(200, 'é'.repeat(100_000)));
    const source = await newSource();
    const hook = await subscribe(source, '/big');
    await send(source);
    const [delivery] = await eventually(async () => {
      const list = await deliveriesOf(hook);
      return list[0]?.status === 'succeeded' ? list : undefined;
    });
    expect(delivery.attempts_log[0].response_body).toBe('é'.repeat(5000));
  });

  test('a subscriber that hangs does not delay a healthy one', async () => {
    rx.on('/hang', hang);
    const source = await newSource();
    await subscribe(source, '/hang', { retry_enabled: false });
    await subscribe(source, '/healthy');
    const sentAt = Date.now();
    for (let i = 0; i < 8; i++) await send(source);
    const got = await rx.waitFor('/healthy', 8);
    // The hanging target's attempts time out after 1500 ms; the healthy one was served long before.
    expect(Math.max(...got.map((r) => r.at)) - sentAt).toBeLessThan(1000);
  });

  test('a PATCHed target_url applies to attempts still pending', async () => {
    rx.on('/old', reply(500));
    const source = await newSource();
    const hook = await subscribe(source, '/old', { retry_schedule: [1] });
    const eventId = await send(source);
    await rx.waitFor('/old', 1);
    expect((await relay.api('PATCH', `/hooks/${hook.id}`, { target_url: `${rx.url}/new` })).status).toBe(200);
    const [got] = await rx.waitFor('/new', 1);
    expect(got!.headers['webhook-id']).toBe(eventId);
  });
});

describe('filters and templates', () => {
  test('a filter lets through only matching events', async () => {
    const source = await newSource();
    await subscribe(source, '/filtered', { filter: { 'data.booking.status': 'confirmed', 'person.email': { $exists: true } } });
    await subscribe(source, '/all');
    await send(source, 'clarky/booking_cancelled.json');
    await send(source, 'clarky/booking_confirmed.json');
    await rx.waitFor('/all', 2);
    await new Promise((r) => setTimeout(r, 200));
    const got = rx.at('/filtered');
    expect(got).toHaveLength(1);
    expect(JSON.parse(got[0]!.body)).toMatchObject({ type: 'clarky.booking.confirmed' });
  });

  test('a payload template renders the body, which is what gets signed', async () => {
    const source = await newSource();
    const hook = await subscribe(source, '/templated', { payload_template: '{"text": "{{person.first_name}} booked {{data.booking.event_type.name}}", "id": "{{id}}", "booking": {{data.booking.id}}}' });
    const eventId = await send(source);
    const [got] = await rx.waitFor('/templated', 1);
    expect(JSON.parse(got!.body)).toEqual({ text: 'Ada booked 30 Minute Demo', id: eventId, booking: 'bk_01JNQA3D5F7H9K1M3P5R7T9V1X' });
    expect(() => new Webhook(hook.secret).verify(got!.body, headersOf(got!))).not.toThrow();
  });
});

describe('test send, retry, recover, replay', () => {
  test('test send delivers a signed sample now and answers with the outcome', async () => {
    const source = await newSource();
    const hook = await subscribe(source, '/test-send', { event_types: ['clarky.booking.confirmed'] });
    const res = await relay.api('POST', `/hooks/${hook.id}/test`);
    expect(res.body).toMatchObject({ outcome: 'success', delivery_status: 'succeeded', attempt: { status_code: 200, trigger: 'test' } });
    const [got] = await rx.waitFor('/test-send', 1);
    expect(new Webhook(hook.secret).verify(got!.body, headersOf(got!))).toMatchObject({ type: 'clarky.booking.confirmed' });
  });

  test('a test send answered 410 Gone leaves the subscription as it was (not deleted, not switched off)', async () => {
    rx.on('/test-gone', reply(410));
    const source = await newSource();
    const hook = await subscribe(source, '/test-gone', { event_types: ['clarky.booking.confirmed'] });
    for (let i = 0; i < 4; i += 1) {
      // 4 > SWITCHBOARD_AUTO_DISABLE_AFTER (3): failed test sends never build a failure streak either.
      const res = await relay.api('POST', `/hooks/${hook.id}/test`);
      expect(res.body).toMatchObject({ outcome: 'gone', delivery_status: 'failed', attempt: { status_code: 410, trigger: 'test' } });
    }
    const after = await relay.api('GET', `/hooks/${hook.id}`);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ id: hook.id, active: true, disabled_reason: null });
    rx.on('/test-gone', reply(200));
    await send(source);
    await rx.waitFor('/test-gone', 5);
  });

  test('a failed delivery can be retried by hand', async () => {
    rx.on('/manual', reply(500));
    const source = await newSource();
    const hook = await subscribe(source, '/manual', { retry_enabled: false });
    await send(source);
    const [failed] = await eventually(async () => {
      const list = await deliveriesOf(hook);
      return list[0]?.status === 'failed' ? list : undefined;
    });
    rx.on('/manual', reply(200));
    const retried = await relay.api('POST', `/deliveries/${failed.id}/retry`);
    expect(retried.body).toMatchObject({ outcome: 'success', delivery_status: 'succeeded', attempt: { trigger: 'manual', number: 2 } });
    expect((await relay.api('GET', `/deliveries/${failed.id}`)).body).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  test('recover re-queues failed deliveries since a time', async () => {
    rx.on('/recover', reply(500));
    const source = await newSource();
    const hook = await subscribe(source, '/recover', { retry_enabled: false });
    const since = new Date(Date.now() - 1000).toISOString();
    await send(source);
    await send(source);
    await eventually(async () => ((await deliveriesOf(hook)).filter((d) => d.status === 'failed').length === 2 ? true : undefined));
    rx.on('/recover', reply(200));
    const res = await relay.api('POST', `/hooks/${hook.id}/recover`, { since });
    expect(res).toMatchObject({ status: 202, body: { requeued: 2 } });
    await eventually(async () => ((await deliveriesOf(hook)).every((d) => d.status === 'succeeded') ? true : undefined));
    expect(rx.at('/recover')).toHaveLength(4);
  });

  test('replay delivers an event again, with the same webhook-id, to matching or chosen subscriptions', async () => {
    const source = await newSource();
    const a = await subscribe(source, '/replay-a');
    await subscribe(source, '/replay-b');
    const eventId = await send(source);
    await rx.waitFor('/replay-a', 1);
    await rx.waitFor('/replay-b', 1);
    const all = await relay.api('POST', `/events/${eventId}/replay`);
    expect(all.status).toBe(202);
    expect(all.body.deliveries).toHaveLength(2);
    await rx.waitFor('/replay-a', 2);
    await rx.waitFor('/replay-b', 2);
    const one = await relay.api('POST', `/events/${eventId}/replay`, { hook_id: a.id });
    expect(one.body.deliveries).toEqual([{ id: expect.stringMatching(/^dlv_/), hook_id: a.id }]);
    const got = await rx.waitFor('/replay-a', 3);
    expect(got.every((r) => r.headers['webhook-id'] === eventId)).toBe(true);
    expect(rx.at('/replay-b')).toHaveLength(2);
  });
});

describe('metrics', () => {
  test('/metrics speaks Prometheus text with events, attempts, latency, queue depth and subscriptions', async () => {
    const res = await fetch(`${relay.url}/metrics`);
    const text = await res.text();
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    for (const name of ['switchboard_events_received_total{vendor="clarky",type="clarky.booking.confirmed"}', 'switchboard_delivery_attempts_total', 'switchboard_delivery_attempt_duration_seconds_bucket', 'switchboard_delivery_queue_depth{status="pending"}', 'switchboard_subscriptions{state="active"}']) {
      expect(text).toContain(name);
    }
  });
});
