import { parseCookies, serializeCookie } from './cookies.js';
import { csrfMatches, MAX_SESSIONS, SESSION_TTL_MS, SessionStore } from './sessions.js';

const KEY = { id: 'env_1', hash: 'h', hint: 'cdef', origin: 'env' as const };
const KEYS = new Set(['env_1']);

describe('SessionStore', () => {
  let now = new Date('2026-03-03T15:00:00.000Z');
  const clock = (): Date => now;
  beforeEach(() => {
    now = new Date('2026-03-03T15:00:00.000Z');
  });

  it('finds a session by its id, and only by its exact id', () => {
    const store = new SessionStore(clock);
    const session = store.create(KEY);
    expect(store.get(session.id, KEYS)).toMatchObject({ key: { id: 'env_1', hint: 'cdef', origin: 'env' }, csrf: session.csrf });
    expect(store.get(`${session.id}x`, KEYS)).toBeNull();
  });

  it('ends a session after its time to live', () => {
    const store = new SessionStore(clock);
    const session = store.create(KEY);
    now = new Date(now.getTime() + SESSION_TTL_MS - 1);
    expect(store.get(session.id, KEYS)).not.toBeNull();
    now = new Date(now.getTime() + 1);
    expect(store.get(session.id, KEYS)).toBeNull();
  });

  it('ends a session whose key is no longer accepted', () => {
    const store = new SessionStore(clock);
    const session = store.create(KEY);
    expect(store.get(session.id, new Set(['env_2']))).toBeNull();
    expect(store.get(session.id, KEYS)).toBeNull();
  });

  it('ends a session when deleted', () => {
    const store = new SessionStore(clock);
    const session = store.create(KEY);
    expect(store.delete(session.id)).toBe(true);
    expect(store.get(session.id, KEYS)).toBeNull();
    expect(store.delete(session.id)).toBe(false);
  });

  it('keeps at most MAX_SESSIONS, dropping the oldest', () => {
    const store = new SessionStore(clock);
    const first = store.create(KEY);
    for (let i = 0; i < MAX_SESSIONS; i++) store.create(KEY);
    expect(store.size).toBe(MAX_SESSIONS);
    expect(store.get(first.id, KEYS)).toBeNull();
  });

  it('checks the CSRF token exactly', () => {
    const session = new SessionStore(clock).create(KEY);
    expect(csrfMatches(session.csrf, session)).toBe(true);
    expect(csrfMatches(undefined, session)).toBe(false);
    expect(csrfMatches('', session)).toBe(false);
    expect(csrfMatches(`${session.csrf}x`, session)).toBe(false);
    expect(csrfMatches(session.csrf.slice(1), session)).toBe(false);
  });
});

describe('cookies', () => {
  it('parses a Cookie header, first name wins, malformed pairs skipped', () => {
    const cookies = parseCookies('a=1; sb_session=abc; junk; sb_session=second; q="quoted"');
    expect(Object.fromEntries(cookies)).toEqual({ a: '1', sb_session: 'abc', q: 'quoted' });
    expect(parseCookies(undefined).size).toBe(0);
  });

  it('writes HttpOnly SameSite=Strict cookies, Secure when asked, and expires deleted ones', () => {
    expect(serializeCookie('sb_session', 'v', { path: '/api/v1', maxAge: 60, secure: false })).toBe('sb_session=v; Path=/api/v1; Max-Age=60; HttpOnly; SameSite=Strict');
    expect(serializeCookie('sb_session', 'v', { path: '/api/v1', maxAge: 60, secure: true })).toMatch(/; Secure$/);
    expect(serializeCookie('sb_session', '', { path: '/api/v1', maxAge: 0, secure: false })).toMatch(/Max-Age=0; HttpOnly; SameSite=Strict; Expires=Thu, 01 Jan 1970/);
  });
});
