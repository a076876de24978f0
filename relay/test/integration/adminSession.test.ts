/** Admin page sign-in: API key → session cookie (HttpOnly, SameSite=Strict), CSRF on changes, sign-out. */
import { startTestRelay, TEST_API_KEY, type TestRelay } from '../support/relay.js';

let relay: TestRelay;
beforeAll(async () => {
  relay = await startTestRelay();
});
afterAll(() => relay.stop());

interface Call {
  status: number;
  body: any;
  headers: Headers;
}

async function call(method: string, pathname: string, init: { cookie?: string; csrf?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Call> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.cookie) headers['cookie'] = init.cookie;
  if (init.csrf) headers['x-switchboard-csrf'] = init.csrf;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${relay.url}/api/v1${pathname}`, { method, headers, ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

async function signIn(): Promise<{ cookie: string; csrf: string; setCookie: string }> {
  const res = await call('POST', '/session', { body: { api_key: TEST_API_KEY } });
  expect(res.status).toBe(201);
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { cookie: setCookie.split(';')[0] ?? '', csrf: res.body.csrf_token, setCookie };
}

describe('POST /api/v1/session', () => {
  test('a valid key starts a session: an HttpOnly, SameSite=Strict cookie on /api/v1 and a CSRF token', async () => {
    const res = await call('POST', '/session', { body: { api_key: TEST_API_KEY } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ auth: 'session', key: { id: 'env_1', hint: 'cdef', origin: 'env' }, csrf_token: expect.any(String), expires_at: expect.any(String) });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^sb_session=[\w-]{43}; Path=\/api\/v1; Max-Age=43200; HttpOnly; SameSite=Strict$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(JSON.stringify(res.body)).not.toContain(TEST_API_KEY);
  });

  test('a wrong key is refused with a message that says which keys work', async () => {
    const res = await call('POST', '/session', { body: { api_key: 'not_the_key_0123456789' } });
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: 'invalid_api_key', field: 'api_key', message: expect.stringMatching(/SWITCHBOARD_API_KEYS/) });
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  test('a missing key or an unknown field is a 400 naming the field', async () => {
    expect((await call('POST', '/session', { body: {} })).body.error).toMatchObject({ code: 'missing_field', field: 'api_key' });
    expect((await call('POST', '/session', { body: { api_key: TEST_API_KEY, remember: true } })).body.error).toMatchObject({ code: 'invalid_field', field: 'remember' });
  });

  test('the cookie is Secure when the public URL is https', async () => {
    const secure = await startTestRelay({ SWITCHBOARD_PUBLIC_URL: 'https://relay.example.com' });
    try {
      const res = await fetch(`${secure.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ api_key: TEST_API_KEY }) });
      expect(res.headers.get('set-cookie')).toMatch(/; Secure$/);
    } finally {
      await secure.stop();
    }
  });
});

describe('the session cookie on /api/v1', () => {
  test('reads work with the cookie alone', async () => {
    const { cookie } = await signIn();
    const me = await call('GET', '/me', { cookie });
    expect(me).toMatchObject({ status: 200, body: { ok: true, key: { id: 'env_1' } } });
    expect((await call('GET', '/sources', { cookie })).status).toBe(200);
  });

  test('GET /session gives a reloaded page its CSRF token again', async () => {
    const { cookie, csrf } = await signIn();
    const res = await call('GET', '/session', { cookie });
    expect(res.body).toMatchObject({ auth: 'session', csrf_token: csrf });
    expect((await call('GET', '/session', { headers: { authorization: `Bearer ${TEST_API_KEY}` } })).body).toEqual({ signed_in: true, auth: 'bearer', key: { id: 'env_1', hint: 'cdef', origin: 'env' } });
  });

  test('GET /session signed out is a 200 saying so, not an error', async () => {
    expect(await call('GET', '/session')).toMatchObject({ status: 200, body: { signed_in: false, auth: null, key: null, reason: null } });
    const ended = await call('GET', '/session', { cookie: 'sb_session=made-up' });
    expect(ended).toMatchObject({ status: 200, body: { signed_in: false, reason: expect.stringMatching(/[Ss]ign in again/) } });
    expect((await call('GET', '/session', { headers: { authorization: 'Bearer wrong_key_0123456789' } })).status).toBe(401);
  });

  test('a change needs the CSRF header: refused without it or with a wrong one, done with it', async () => {
    const { cookie, csrf } = await signIn();
    const body = { vendor: 'clarky', name: 'csrf check' };
    const without = await call('POST', '/sources', { cookie, body });
    expect(without.status).toBe(403);
    expect(without.body.error).toMatchObject({ code: 'csrf_failed', message: expect.stringMatching(/X-Switchboard-CSRF/) });
    expect((await call('POST', '/sources', { cookie, body, csrf: `${csrf}x` })).status).toBe(403);
    expect((await call('POST', '/sources', { cookie, body, csrf })).status).toBe(201);
  });

  test('a CSRF token of another session does not work', async () => {
    const a = await signIn();
    const b = await signIn();
    expect((await call('POST', '/sources', { cookie: a.cookie, csrf: b.csrf, body: { vendor: 'clarky', name: 'x' } })).status).toBe(403);
  });

  test('a bearer header wins over the cookie and needs no CSRF token', async () => {
    const { cookie } = await signIn();
    const res = await call('POST', '/sources', { cookie, body: { vendor: 'clarky', name: 'bearer' }, headers: { authorization: `Bearer ${TEST_API_KEY}` } });
    expect(res.status).toBe(201);
    const wrong = await call('GET', '/me', { cookie, headers: { authorization: 'Bearer wrong_key_0123456789' } });
    expect(wrong.body.error.code).toBe('invalid_api_key');
  });

  test('an unknown cookie is a 401 that says to sign in again', async () => {
    const res = await call('GET', '/me', { cookie: 'sb_session=made-up' });
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: 'invalid_session', message: expect.stringMatching(/[Ss]ign in again/) });
  });
});

describe('DELETE /api/v1/session', () => {
  test('signs out: the cookie is cleared and no longer works', async () => {
    const { cookie } = await signIn();
    const res = await call('DELETE', '/session', { cookie });
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/^sb_session=; Path=\/api\/v1; Max-Age=0; HttpOnly; SameSite=Strict/);
    expect((await call('GET', '/me', { cookie })).body.error.code).toBe('invalid_session');
  });

  test('is harmless without a session', async () => {
    expect((await call('DELETE', '/session')).status).toBe(204);
  });
});

test('logs never hold the API key, the session id or the CSRF token', async () => {
  const { cookie, csrf } = await signIn();
  await call('GET', '/me', { cookie });
  const logs = relay.logs.join('');
  expect(logs).toContain('admin session started');
  expect(logs).not.toContain(TEST_API_KEY);
  expect(logs).not.toContain(cookie.split('=')[1]);
  expect(logs).not.toContain(csrf);
});
