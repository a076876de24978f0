/**
 * Admin page sessions: signing in with an API key (`POST /api/v1/session`) yields an opaque
 * session id in an HttpOnly, SameSite=Strict cookie, so the browser never keeps the key itself.
 *
 * Decisions:
 * - Kept in memory only, keyed by the SHA-256 of the id: a restart signs everyone out, and
 *   signing out (`DELETE /api/v1/session`) really ends the session.
 * - Expires `SESSION_TTL_MS` after sign-in, whatever the use (no sliding renewal).
 * - At most `MAX_SESSIONS` at once; the oldest is dropped first.
 * - Every session has its own CSRF token, required in `X-Switchboard-CSRF` on cookie-authenticated
 *   requests that change anything (see `requireApiKey`).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { KnownKey } from './apiKeys.js';
import { hashSecret } from './secrets.js';

export const SESSION_COOKIE = 'sb_session';
export const CSRF_HEADER = 'x-switchboard-csrf';
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const MAX_SESSIONS = 1000;

export interface Session {
  /** Which API key signed in (never the key). */
  key: Pick<KnownKey, 'id' | 'hint' | 'origin'>;
  csrf: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface NewSession extends Session {
  /** The cookie value: shown once, stored hashed. */
  id: string;
}

export class SessionStore {
  readonly #sessions = new Map<string, Session>();
  readonly #now: () => Date;

  constructor(now: () => Date) {
    this.#now = now;
  }

  create(key: KnownKey): NewSession {
    this.#dropExpired();
    while (this.#sessions.size >= MAX_SESSIONS) {
      const oldest = this.#sessions.keys().next().value;
      if (oldest === undefined) break;
      this.#sessions.delete(oldest);
    }
    const id = randomBytes(32).toString('base64url');
    const createdAt = this.#now();
    const session: Session = {
      key: { id: key.id, hint: key.hint, origin: key.origin },
      csrf: randomBytes(24).toString('base64url'),
      createdAt,
      expiresAt: new Date(createdAt.getTime() + SESSION_TTL_MS),
    };
    this.#sessions.set(hashSecret(id), session);
    return { ...session, id };
  }

  /** The live session for a cookie value, or null (unknown, expired, or its key is no longer accepted). */
  get(id: string, validKeyIds: ReadonlySet<string>): Session | null {
    const hash = hashSecret(id);
    const session = this.#sessions.get(hash);
    if (!session) return null;
    if (session.expiresAt.getTime() <= this.#now().getTime() || !validKeyIds.has(session.key.id)) {
      this.#sessions.delete(hash);
      return null;
    }
    return session;
  }

  delete(id: string): boolean {
    return this.#sessions.delete(hashSecret(id));
  }

  get size(): number {
    return this.#sessions.size;
  }

  #dropExpired(): void {
    const now = this.#now().getTime();
    for (const [hash, session] of this.#sessions) {
      if (session.expiresAt.getTime() <= now) this.#sessions.delete(hash);
    }
  }
}

/** Constant-time comparison of the CSRF header with the session's token. */
export function csrfMatches(sent: string | undefined, session: Session): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(session.csrf);
  return a.length === b.length && timingSafeEqual(a, b);
}
