/**
 * `POST /api/v1/session` `{api_key}` signs the admin page in: the answer sets the `sb_session`
 * cookie (HttpOnly, SameSite=Strict, Path=/api/v1, Secure when SWITCHBOARD_PUBLIC_URL is https)
 * and carries the CSRF token. `DELETE /api/v1/session` signs out. `GET /api/v1/session` tells a
 * reloaded page who it is and its CSRF token again, and answers a page that is not signed in with
 * `200 {"signed_in": false}` rather than an error (a signed-out page is a normal state; only a
 * wrong bearer key is a 401). Wrong keys spend the caller's address budget (`adminThrottle.ts`),
 * shared with bearer requests.
 */
import express, { Router, type Response } from 'express';
import type { AppDeps } from '../deps.js';
import { AppError, missingField } from '../errors.js';
import { rejectUnknownFields, requireBody } from '../http/validate.js';
import type { AdminAuthThrottle } from './adminThrottle.js';
import { findKey, INVALID_KEY_MESSAGE, SESSION_ENDED_MESSAGE } from './apiKeys.js';
import { parseCookies, serializeCookie } from './cookies.js';
import { SESSION_COOKIE, SESSION_TTL_MS, type Session, type SessionStore } from './sessions.js';

const COOKIE_PATH = '/api/v1';

export type SessionRouteDeps = Pick<AppDeps, 'apiKeys' | 'config'> & { sessions: SessionStore; throttle?: AdminAuthThrottle };

function sessionBody(session: Session): Record<string, unknown> {
  return { signed_in: true, auth: 'session', key: session.key, csrf_token: session.csrf, expires_at: session.expiresAt.toISOString() };
}

/** Routes that work without an API key: sign in and sign out. Mount before `requireApiKey`. */
export function sessionRouter(deps: SessionRouteDeps): Router {
  const router = Router();
  const secure = deps.config.publicUrl.startsWith('https:');
  const keyIds = new Set(deps.apiKeys.map((k) => k.id));
  const setCookie = (res: Response, value: string, maxAge: number): void => {
    res.setHeader('Set-Cookie', serializeCookie(SESSION_COOKIE, value, { path: COOKIE_PATH, maxAge, secure }));
    res.setHeader('Cache-Control', 'no-store');
  };

  router.post('/session', express.json({ limit: '4kb', strict: true }), (req, res) => {
    const body = requireBody(req.body);
    rejectUnknownFields(body, ['api_key']);
    const candidate = body['api_key'];
    if (typeof candidate !== 'string' || candidate.trim() === '') throw missingField('api_key', 'the admin API key to sign in with');
    deps.throttle?.check(req);
    const key = findKey(candidate.trim(), deps.apiKeys);
    if (!key) {
      deps.throttle?.fail(req);
      throw new AppError('invalid_api_key', INVALID_KEY_MESSAGE, { field: 'api_key' });
    }
    const session = deps.sessions.create(key);
    setCookie(res, session.id, Math.floor(SESSION_TTL_MS / 1000));
    req.log.info({ key_id: key.id }, 'admin session started');
    res.status(201).json(sessionBody(session));
  });

  // Without an Authorization header this answers here, signed in or not; with one, the bearer
  // key is checked by `requireApiKey` and answered by `sessionInfoRouter`.
  router.get('/session', (req, res, next) => {
    if (req.headers.authorization !== undefined) {
      next();
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    const id = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    const session = id === undefined ? null : deps.sessions.get(id, keyIds);
    if (session) {
      res.json(sessionBody(session));
      return;
    }
    res.json({ signed_in: false, auth: null, key: null, reason: id === undefined ? null : SESSION_ENDED_MESSAGE });
  });

  router.delete('/session', (req, res) => {
    const id = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    if (id !== undefined && deps.sessions.delete(id)) req.log.info('admin session ended');
    setCookie(res, '', 0);
    res.status(204).end();
  });

  return router;
}

/** `GET /session`: mount after `requireApiKey`. A bearer caller gets its key and no CSRF token. */
export function sessionInfoRouter(): Router {
  const router = Router();
  router.get('/session', (_req, res) => {
    const session = res.locals['session'] as Session | undefined;
    res.setHeader('Cache-Control', 'no-store');
    res.json(session ? sessionBody(session) : { signed_in: true, auth: 'bearer', key: res.locals['apiKey'] });
  });
  return router;
}
