/** The REST-hooks routes over real HTTP, on a small app mounted the way `/api/v1` mounts them. */
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { pino } from 'pino';
import { errorHandler } from '../http/errorHandler.js';
import { MemoryHookStore } from './hooksTesting.js';
import { HookRegistry } from './registry.js';
import { hooksRouter } from './routes.js';

interface Answer {
  status: number;
  headers: Headers;
  // Test-only: the JSON answer, read loosely.
  body: Record<string, unknown> & { data?: Array<Record<string, unknown>> };
}

let server: Server;
let base: string;
let store: MemoryHookStore;
let registry: HookRegistry;
/** Every log line the routes wrote, as JSON text. */
const logLines: string[] = [];
const NOW = new Date('2026-03-03T12:00:00.000Z');

beforeAll(async () => {
  store = new MemoryHookStore([], ['src_a']);
  registry = await HookRegistry.load(store);
  const app = express();
  app.use(express.json());
  app.use((req, _res, next) => {
    req.log = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
    next();
  });
  app.use(hooksRouter({ config: { targetPolicy: 'private' }, store, now: () => NOW, hooks: registry }));
  app.use(errorHandler());
  await new Promise<void>((resolve, reject) => {
    server = app.listen(0, '127.0.0.1', (error) => (error ? reject(error) : resolve()));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function call(method: string, path: string, body?: unknown): Promise<Answer> {
  const init: RequestInit = { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) };
  const res = await fetch(`${base}${path}`, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? {} : (JSON.parse(text) as Answer['body']) };
}

let n = 0;
/** A subscribe body with a target URL no other test uses. */
function subscription(extra: Record<string, unknown> = {}): Record<string, unknown> {
  n += 1;
  return { target_url: `https://n8n.example.com/webhook/${n}`, event_types: ['clarky.*'], ...extra };
}

const BEARER = 'tok_live_0123456789abcdef';

describe('POST /hooks', () => {
  it('answers 201 with the id, the secret and a Location', async () => {
    const res = await call('POST', '/hooks', subscription({ auth: { type: 'bearer', token: BEARER } }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.stringMatching(/^hook_/), secret: expect.stringMatching(/^whsec_/), active: true });
    expect(res.body['auth']).toEqual({ type: 'bearer', token: '••••cdef' });
    expect(res.headers.get('location')).toBe(`/api/v1/hooks/${String(res.body['id'])}`);
  });

  it('answers 200 with the same hook and secret when the same subscription is sent again', async () => {
    const body = subscription({ event: 'clockwork.invitation_sent' });
    const first = await call('POST', '/hooks', body);
    const again = await call('POST', '/hooks', { ...body, event_types: ['clarky.booking.created', 'clarky.*'], name: 'ignored' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
  });

  it.each<[string, Record<string, unknown>, number, string, string]>([
    ['a target_url that is not http', { target_url: 'mailto:ops@example.com' }, 400, 'invalid_target_url', 'target_url'],
    ['an ftp:// target_url', { target_url: 'ftp://example.com/in' }, 400, 'invalid_target_url', 'target_url'],
    ['a target_url with credentials', { target_url: 'https://u:p@example.com/in' }, 400, 'invalid_target_url', 'target_url'],
    ['the metadata address', { target_url: 'http://169.254.169.254/latest/meta-data/' }, 400, 'invalid_target_url', 'target_url'],
    ['a bad event type', { event_types: ['clarky.*', 'calendly.booked'] }, 400, 'invalid_field', 'event_types[1]'],
    ['an unknown field', { colour: 'red' }, 400, 'invalid_field', 'colour'],
    ['retry_attempts 6', { retry_attempts: 6 }, 400, 'invalid_field', 'retry_attempts'],
    ['a template that does not render JSON', { payload_template: '{"text": "{{person.first_name}}",}' }, 400, 'invalid_field', 'payload_template'],
    ['an unknown filter operator', { filter: { 'data.booking.status': { $like: 'conf%' } } }, 400, 'invalid_field', 'filter["data.booking.status"].$like'],
    ['a source that does not exist', { source_id: 'src_missing' }, 400, 'invalid_field', 'source_id'],
  ])('refuses %s, naming the field', async (_name, change, status, code, field) => {
    const before = registry.all().length;
    const res = await call('POST', '/hooks', subscription(change));
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error: { code, field, message: expect.any(String) } });
    expect(registry.all()).toHaveLength(before);
  });

  it('refuses a body that is not JSON', async () => {
    const res = await fetch(`${base}/hooks`, { method: 'POST', body: '{"target_url":', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_json' } });
  });

  it('scopes a hook to an existing source', async () => {
    expect((await call('POST', '/hooks', subscription({ source_id: 'src_a' }))).body).toMatchObject({ source_id: 'src_a' });
  });
});

describe('GET /hooks', () => {
  it('never shows the secret or an auth secret, in the list or one hook', async () => {
    const created = await call('POST', '/hooks', subscription({ auth: { type: 'header', name: 'X-Api-Key', value: 'key_9f8e7d6c5b4a3210' } }));
    const list = await call('GET', '/hooks');
    const one = await call('GET', `/hooks/${String(created.body['id'])}`);
    const shown = JSON.stringify([list.body, one.body]);
    expect(list.body.data?.map((h) => h['id'])).toContain(created.body['id']);
    expect(one.body['auth']).toEqual({ type: 'header', name: 'X-Api-Key', value: '••••3210' });
    expect(one.body).not.toHaveProperty('secret');
    expect(shown).not.toContain(String(created.body['secret']));
    expect(shown).not.toContain('key_9f8e7d6c5b4a3210');
    expect(shown).not.toContain(BEARER);
  });

  it('finds hooks by exact target_url and by active', async () => {
    const body = subscription();
    const created = await call('POST', '/hooks', body);
    const found = await call('GET', `/hooks?target_url=${encodeURIComponent(String(body['target_url']))}`);
    expect(found.body.data?.map((h) => h['id'])).toEqual([created.body['id']]);
    const slashed = await call('GET', `/hooks?target_url=${encodeURIComponent(`${String(body['target_url'])}/`)}`);
    expect(slashed.body.data).toEqual([]);
    await call('PATCH', `/hooks/${String(created.body['id'])}`, { active: false });
    const inactive = await call('GET', '/hooks?active=false');
    const active = await call('GET', '/hooks?active=true');
    expect(inactive.body.data?.map((h) => h['id'])).toContain(created.body['id']);
    expect(active.body.data?.map((h) => h['id'])).not.toContain(created.body['id']);
    expect(active.body.data?.every((h) => h['active'] === true)).toBe(true);
  });

  it('refuses a bad active filter, and answers 404 for an unknown hook', async () => {
    expect((await call('GET', '/hooks?active=yes')).body).toMatchObject({ error: { code: 'invalid_field', field: 'active' } });
    expect(await call('GET', '/hooks/hook_nope')).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });
});

describe('PATCH /hooks/:id', () => {
  it('keeps the stored auth secret when the masked form is sent back', async () => {
    const created = await call('POST', '/hooks', subscription({ auth: { type: 'bearer', token: BEARER } }));
    const id = String(created.body['id']);
    const read = await call('GET', `/hooks/${id}`);
    const patched = await call('PATCH', `/hooks/${id}`, { ...read.body, name: 'Edited in a form' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Edited in a form', auth: { type: 'bearer', token: '••••cdef' } });
    expect(store.hooks.get(id)?.auth).toEqual({ type: 'bearer', token: BEARER });
    expect(registry.get(id)?.record.updated_at).toBe(NOW.toISOString());
  });

  it('clears disabled_reason and disabled_at when switched back on', async () => {
    const created = await call('POST', '/hooks', subscription());
    const id = String(created.body['id']);
    await registry.disable(id, '20 failed deliveries in a row', NOW);
    expect((await call('GET', `/hooks/${id}`)).body).toMatchObject({ active: false, disabled_reason: '20 failed deliveries in a row' });
    const patched = await call('PATCH', `/hooks/${id}`, { active: true });
    expect(patched.body).toMatchObject({ active: true, disabled_reason: null, disabled_at: null });
  });

  it('changes event types, filter and template; refuses bad values by field; 404 for an unknown hook', async () => {
    const id = String((await call('POST', '/hooks', subscription())).body['id']);
    const patched = await call('PATCH', `/hooks/${id}`, { event: 'clarky.booking.confirmed', filter: { 'person.email': { $exists: true } }, payload_template: '{"who": "{{person.email}}"}' });
    expect(patched.body).toMatchObject({ event_types: ['clarky.booking.confirmed'], filter: { 'person.email': { $exists: true } } });
    expect((await call('PATCH', `/hooks/${id}`, { http_method: 'DELETE' })).body).toMatchObject({ error: { field: 'http_method' } });
    expect((await call('PATCH', `/hooks/${id}`, { secret: 'whsec_mine' })).body).toMatchObject({ error: { field: 'secret' } });
    expect((await call('PATCH', '/hooks/hook_nope', { name: 'x' })).status).toBe(404);
  });
});

describe('DELETE /hooks/:id', () => {
  it('answers 204, then 404', async () => {
    const id = String((await call('POST', '/hooks', subscription())).body['id']);
    const first = await call('DELETE', `/hooks/${id}`);
    expect(first.status).toBe(204);
    expect(await call('DELETE', `/hooks/${id}`)).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect((await call('GET', `/hooks/${id}`)).status).toBe(404);
    expect(store.hooks.has(id)).toBe(false);
  });
});

describe('logs', () => {
  it('name hooks by id on create and delete, and never carry a secret, auth value or target URL', async () => {
    const body = subscription({ auth: { type: 'basic', username: 'ops', password: 'pw_9f8e7d6c5b4a3210' } });
    const created = await call('POST', '/hooks', body);
    const id = String(created.body['id']);
    await call('DELETE', `/hooks/${id}`);
    const mine = logLines.filter((line) => line.includes(id)).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(mine.map((entry) => entry['msg'])).toEqual(['hook created', 'hook deleted']);
    const all = logLines.join('\n');
    expect(all).not.toContain(String(created.body['secret']));
    expect(all).not.toContain('pw_9f8e7d6c5b4a3210');
    expect(all).not.toContain(BEARER);
    expect(all).not.toContain('n8n.example.com');
  });
});
