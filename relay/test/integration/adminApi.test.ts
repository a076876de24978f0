/** What the admin page adds to /api/v1: the overview's stats and the template/filter preview. */
import { fixtureBytes } from '../support/manifest.js';
import { eventually, reply, startReceiver, type Receiver } from '../support/receiver.js';
import { startTestRelay, type TestRelay } from '../support/relay.js';

let relay: TestRelay;
let rx: Receiver;
beforeAll(async () => {
  rx = await startReceiver();
  relay = await startTestRelay({ SWITCHBOARD_AUTO_DISABLE_AFTER: '2' });
});
afterAll(async () => {
  await relay.stop();
  await rx.close();
});

async function send(ingestUrl: string, file = 'clarky/booking_confirmed.json'): Promise<string> {
  const res = await fetch(ingestUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: fixtureBytes(file) });
  expect(res.status).toBe(202);
  return ((await res.json()) as { event_id: string }).event_id;
}

describe('GET /api/v1/stats', () => {
  test('a fresh relay reports zeros and an empty queue', async () => {
    const fresh = await startTestRelay();
    try {
      const res = await fresh.api('GET', '/stats');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        last_hour: { events: 0, deliveries: { pending: 0, succeeded: 0, failed: 0, cancelled: 0 } },
        last_day: { events: 0 },
        last_event_at: null,
        queue: { pending: 0, due: 0 },
        sources: { total: 0, active: 0 },
        subscriptions: { total: 0, active: 0, disabled: 0, inactive: 0 },
        attention: [],
      });
    } finally {
      await fresh.stop();
    }
  });

  test('counts events and deliveries by outcome, and names the subscriptions that need attention with their reason', async () => {
    rx.on('/stats-down', reply(500));
    const source = (await relay.api('POST', '/sources', { vendor: 'clarky', name: 'Stats' })).body;
    const healthy = (await relay.api('POST', '/hooks', { target_url: `${rx.url}/stats-ok`, event_types: ['clarky.*'], source_id: source.id, name: 'Healthy' })).body;
    const down = (await relay.api('POST', '/hooks', { target_url: `${rx.url}/stats-down`, event_types: ['clarky.*'], source_id: source.id, name: 'Down', retry_enabled: false })).body;
    await send(source.ingest_url);
    await send(source.ingest_url, 'clarky/booking_cancelled.json');
    // Switching the subscription off follows the second failure's record a moment later: wait for both.
    const stats = await eventually(async () => {
      const res = await relay.api('GET', '/stats');
      const { deliveries } = res.body.last_hour;
      return deliveries.failed === 2 && deliveries.succeeded === 2 && res.body.subscriptions.disabled === 1 ? res.body : undefined;
    });
    expect(stats).toMatchObject({
      last_hour: { events: 2, deliveries: { pending: 0, succeeded: 2, failed: 2, cancelled: 0 } },
      last_day: { events: 2 },
      last_event_at: expect.any(String),
      queue: { pending: 0, due: 0 },
      sources: { total: 1, active: 1 },
      subscriptions: { total: 2, active: 1, disabled: 1, inactive: 0 },
    });
    expect(stats.attention).toEqual([
      expect.objectContaining({ hook_id: down.id, name: 'Down', active: false, consecutive_failures: 2, reason: expect.stringMatching(/^Switched off after 2 failed deliveries in a row/) }),
    ]);
    expect(stats.health).toEqual(expect.arrayContaining([expect.objectContaining({ hook_id: healthy.id, consecutive_failures: 0, last_success_at: expect.any(String) })]));
  });

  test('needs an API key', async () => {
    const res = await fetch(`${relay.url}/api/v1/stats`);
    expect(res.status).toBe(401);
  });
});

describe('POST /api/v1/hooks/preview', () => {
  test('renders a template on the catalog sample of the chosen type', async () => {
    const res = await relay.api('POST', '/hooks/preview', { payload_template: '{"who": "{{person.first_name}}", "type": "{{type}}"}', event_type: 'clarky.booking.confirmed' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ event_from: 'catalog', template_error: null, filter_matches: null, filter_error: null });
    expect(JSON.parse(res.body.body)).toEqual({ who: res.body.event.person.first_name, type: 'clarky.booking.confirmed' });
  });

  test('says where a broken template breaks, without failing the request', async () => {
    const res = await relay.api('POST', '/hooks/preview', { payload_template: '{\n  "a": {{id}},\n  "b": }', event_types: ['clarky.*'] });
    expect(res.status).toBe(200);
    expect(res.body.body).toBeNull();
    expect(res.body.template_error).toMatchObject({ code: 'invalid_field', field: 'payload_template', message: expect.stringMatching(/line 3, column/) });
  });

  test('tells whether a filter lets the sample through, and why a filter is invalid', async () => {
    const yes = await relay.api('POST', '/hooks/preview', { filter: { 'data.booking.status': 'confirmed' }, event_type: 'clarky.booking.confirmed' });
    expect(yes.body).toMatchObject({ filter_matches: true, filter_error: null });
    expect(JSON.parse(yes.body.body)).toEqual(yes.body.event);
    const no = await relay.api('POST', '/hooks/preview', { filter: { 'data.booking.status': 'cancelled' }, event_type: 'clarky.booking.confirmed' });
    expect(no.body.filter_matches).toBe(false);
    const bad = await relay.api('POST', '/hooks/preview', { filter: { 'person.email': { $nope: 1 } } });
    expect(bad.body).toMatchObject({ filter_matches: null, filter_error: { field: expect.stringMatching(/^filter/), message: expect.stringContaining('$nope') } });
  });

  test('can try a stored event', async () => {
    const source = (await relay.api('POST', '/sources', { vendor: 'clarky', name: 'Preview' })).body;
    const eventId = await send(source.ingest_url);
    const res = await relay.api('POST', '/hooks/preview', { payload_template: '{"id": "{{id}}"}', event_id: eventId });
    expect(res.body).toMatchObject({ event_from: 'stored', body: `{"id": "${eventId}"}` });
  });

  test('refuses an unknown event type, event id or field by name', async () => {
    expect((await relay.api('POST', '/hooks/preview', { event_type: 'clarky.nope' })).body.error).toMatchObject({ field: 'event_type' });
    expect((await relay.api('POST', '/hooks/preview', { event_id: 'evt_missing' })).status).toBe(404);
    expect((await relay.api('POST', '/hooks/preview', { target_url: 'http://x' })).body.error).toMatchObject({ field: 'target_url' });
  });

  test('saves nothing', async () => {
    const before = (await relay.api('GET', '/hooks')).body.data.length;
    await relay.api('POST', '/hooks/preview', { payload_template: '{"a": 1}' });
    expect((await relay.api('GET', '/hooks')).body.data).toHaveLength(before);
  });
});
