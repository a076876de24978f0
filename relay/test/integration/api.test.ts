/** The sources, events and event-types API over real HTTP. */
import { fixtureBytes } from '../support/manifest.js';
import { startTestRelay, type TestRelay } from '../support/relay.js';
import { TEST_STORE } from '../support/testStore.js';

let relay: TestRelay;
const PUBLIC_URL = 'https://hooks.example.com/switchboard';
beforeAll(async () => {
  relay = await startTestRelay({ SWITCHBOARD_PUBLIC_URL: PUBLIC_URL });
});
afterAll(async () => relay.stop());

describe('sources', () => {
  test('create answers 201 with the token, ingest URL from SWITCHBOARD_PUBLIC_URL and filled set-up steps', async () => {
    const res = await relay.api('POST', '/sources', { vendor: 'clockwise_md', name: 'Urgent care' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^src_/),
      vendor: 'clockwise_md',
      vendor_name: 'Clockwise.MD',
      name: 'Urgent care',
      active: true,
      token: expect.stringMatching(/^[\w-]{32}$/),
      ingest_base_url: `https://hooks.example.com/switchboard/in/${res.body.id}`,
    });
    expect(res.body.ingest_url).toBe(`${res.body.ingest_base_url}/${res.body.token}`);
    expect(res.body.setup_steps.join('\n')).toContain(res.body.token);
    expect(res.headers.get('location')).toBe(`/api/v1/sources/${res.body.id}`);
  });

  test('list and read never show the token', async () => {
    const created = (await relay.api('POST', '/sources', { vendor: 'clarky', name: 'Secretive' })).body;
    const list = await relay.api('GET', '/sources');
    const read = await relay.api('GET', `/sources/${created.id}`);
    expect(list.body.data.map((s: { id: string }) => s.id)).toContain(created.id);
    expect(read.body).toMatchObject({ id: created.id, token_hint: created.token.slice(-4) });
    expect(JSON.stringify([list.body, read.body])).not.toContain(created.token);
  });

  test('list filters by vendor', async () => {
    const list = await relay.api('GET', '/sources?vendor=clockwise_md');
    expect(list.body.data.length).toBeGreaterThan(0);
    expect(list.body.data.every((s: { vendor: string }) => s.vendor === 'clockwise_md')).toBe(true);
  });

  test('patch changes name and active; vendor is immutable; unknown fields are named', async () => {
    const created = (await relay.api('POST', '/sources', { vendor: 'clarky', name: 'Before' })).body;
    const patched = await relay.api('PATCH', `/sources/${created.id}`, { name: 'After', active: false });
    expect(patched.body).toMatchObject({ name: 'After', active: false });
    expect((await relay.api('PATCH', `/sources/${created.id}`, { vendor: 'clockwork' })).body).toMatchObject({ error: { field: 'vendor' } });
    expect((await relay.api('PATCH', `/sources/${created.id}`, { colour: 'red' })).body).toMatchObject({ error: { code: 'invalid_field', field: 'colour' } });
  });

  test('delete answers 204, then 404', async () => {
    const created = (await relay.api('POST', '/sources', { vendor: 'clarky', name: 'Doomed' })).body;
    expect((await relay.api('DELETE', `/sources/${created.id}`)).status).toBe(204);
    expect((await relay.api('DELETE', `/sources/${created.id}`)).status).toBe(404);
    expect((await relay.api('GET', `/sources/${created.id}`)).status).toBe(404);
  });

  test.each([
    [{ name: 'x' }, 'vendor', 'missing_field'],
    [{ vendor: 'stripe', name: 'x' }, 'vendor', 'invalid_field'],
    [{ vendor: 'clarky' }, 'name', 'missing_field'],
    [{ vendor: 'clarky', name: '' }, 'name', 'invalid_field'],
    [{ vendor: 'clarky', name: 'x', active: 'yes' }, 'active', 'invalid_field'],
  ])('create %j is a 400 naming %s', async (body, field, code) => {
    const res = await relay.api('POST', '/sources', body);
    expect(res).toMatchObject({ status: 400, body: { error: { code, field } } });
  });

  test('a body that is not JSON is a 400 that says so', async () => {
    const res = await fetch(`${relay.url}/api/v1/sources`, { method: 'POST', headers: { authorization: 'Bearer test_key_0123456789abcdef', 'content-type': 'application/json' }, body: '{"vendor":' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_json' } });
  });
});

describe('event types', () => {
  test('the catalog has every contract type with title, description and an envelope sample', async () => {
    const res = await relay.api('GET', '/event-types');
    const types = res.body.data.map((e: { type: string }) => e.type);
    expect(types).toHaveLength(1 + 13 + 7 + 16);
    expect(types).toEqual(expect.arrayContaining(['clockwork.invitation_sent', 'clockwise_md.undo_discharge', 'clarityflow.new_purchase', 'clarky.booking.reminder_sent']));
    for (const entry of res.body.data) {
      expect(entry).toMatchObject({ title: expect.any(String), description: expect.any(String), sample: { type: entry.type, vendor: entry.vendor, cataloged: true } });
    }
  });
  test('filters by vendor, and refuses an unknown vendor', async () => {
    expect((await relay.api('GET', '/event-types?vendor=clockwise_md')).body.data).toHaveLength(13);
    expect((await relay.api('GET', '/event-types?vendor=stripe')).body).toMatchObject({ error: { field: 'vendor' } });
  });
});

describe('events', () => {
  let clarky: { id: string; ingest_url: string };
  let clockwise: { id: string; ingest_url: string };
  const ids: string[] = [];
  beforeAll(async () => {
    clarky = (await relay.api('POST', '/sources', { vendor: 'clarky', name: 'Events A' })).body;
    clockwise = (await relay.api('POST', '/sources', { vendor: 'clockwise_md', name: 'Events B' })).body;
    for (let i = 0; i < 5; i++) {
      for (const [source, file] of [[clarky, 'clarky/booking_confirmed.json'], [clockwise, 'clockwise_md/checkin.json']] as const) {
        const local = source.ingest_url.replace(PUBLIC_URL, relay.url);
        const res = await fetch(local, { method: 'POST', headers: { 'content-type': 'application/json' }, body: fixtureBytes(file) });
        ids.push(((await res.json()) as { event_id: string }).event_id);
      }
    }
  });

  test('newest first, paged with a cursor, no event twice or missing', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { body: { data: { id: string }[]; next_cursor: string | null } } = await relay.api('GET', `/events?limit=3&source_id=${clarky.id}${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.data.map((e) => e.id));
      cursor = page.body.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    const expected = ids.filter((_id, i) => i % 2 === 0).reverse();
    expect(seen).toEqual(expected);
  });

  test('filters by type and vendor', async () => {
    const byType = await relay.api('GET', '/events?type=clockwise_md.checkin&limit=500');
    expect(byType.body.data.length).toBeGreaterThanOrEqual(5);
    expect(byType.body.data.every((e: { type: string }) => e.type === 'clockwise_md.checkin')).toBe(true);
    const byVendor = await relay.api('GET', '/events?vendor=clarky&limit=500');
    expect(byVendor.body.data.every((e: { vendor: string }) => e.vendor === 'clarky')).toBe(true);
  });

  test('bad limit and cursor are 400s naming the field', async () => {
    expect((await relay.api('GET', '/events?limit=0')).body).toMatchObject({ error: { field: 'limit' } });
    expect((await relay.api('GET', '/events?limit=501')).body).toMatchObject({ error: { field: 'limit' } });
    expect((await relay.api('GET', '/events?cursor=zzz')).body).toMatchObject({ error: { code: 'invalid_cursor', field: 'cursor' } });
  });

  test('an event reads back with its raw body', async () => {
    const raw = await relay.api('GET', `/events/${ids[1]}/raw`);
    expect(raw.body).toMatchObject({ method: 'POST', content_type: 'application/json', body: fixtureBytes('clockwise_md/checkin.json').toString('utf8') });
    expect((await relay.api('GET', '/events/evt_nope')).status).toBe(404);
  });
});

describe('health', () => {
  test('healthz and readyz answer without a key', async () => {
    expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${relay.url}/readyz`)).json()).toMatchObject({ status: 'ready', store: TEST_STORE, role: 'all' });
  });
  test('an unknown route is a coded 404', async () => {
    const res = await fetch(`${relay.url}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'route_not_found' } });
  });
});
