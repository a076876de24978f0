/** Pure checks on an inbound vendor request, before and after its body is read. */
import type { IncomingHttpHeaders } from 'node:http';
import { bearerToken } from '../auth/secrets.js';
import { AppError } from '../errors.js';
import type { Vendor } from '../vendors/types.js';

export const INGEST_METHODS = ['POST', 'PUT', 'PATCH'] as const;

export type TokenSource = 'path' | 'authtoken_header' | 'bearer_header';

/**
 * The token comes from the path when present (`/in/:sourceId/:token`); otherwise from
 * `Authtoken: <token>` (Clockwise.MD) or `Authorization: Bearer <token>` (Clarky).
 */
export function extractToken(pathToken: string | undefined, headers: IncomingHttpHeaders): { token: string; via: TokenSource } | null {
  if (pathToken) return { token: pathToken, via: 'path' };
  const authtoken = headers['authtoken'];
  if (typeof authtoken === 'string' && authtoken.trim()) return { token: authtoken.trim(), via: 'authtoken_header' };
  const bearer = bearerToken(headers.authorization);
  if (bearer) return { token: bearer, via: 'bearer_header' };
  return null;
}

const JSON_TYPES = /^(application\/json|application\/[a-z0-9.+-]+\+json|text\/json)$/;

/**
 * JSON media types are accepted, and a missing Content-Type too (some senders omit it; the
 * body must still be JSON). Anything else, or a charset other than UTF-8, is a 415.
 */
export function checkContentType(header: string | undefined): AppError | null {
  if (header === undefined || header.trim() === '') return null;
  const [type = '', ...params] = header.split(';').map((p) => p.trim().toLowerCase());
  if (!JSON_TYPES.test(type)) {
    return new AppError('unsupported_media_type', `Expected Content-Type application/json, got ${JSON.stringify(header.slice(0, 100))}. Set the webhook's format to JSON in the vendor's settings.`);
  }
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    return new AppError('unsupported_media_type', `Expected UTF-8 JSON, got charset ${JSON.stringify(charset)}.`);
  }
  return null;
}

const MAX_KEY_LENGTH = 255;

/**
 * Dedupe keys for one request: the vendor's own event id plus any `Idempotency-Key` or
 * `webhook-id` header. Never derived from the body alone (identical bodies can be genuine).
 */
export function dedupeKeys(vendor: Vendor, vendorKey: string | null, headers: IncomingHttpHeaders): string[] {
  const keys: string[] = [];
  if (vendorKey) keys.push(`${vendor}-id:${vendorKey}`);
  for (const name of ['idempotency-key', 'webhook-id'] as const) {
    const value = headers[name];
    if (value === undefined) continue;
    const text = (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
    if (text === '' || text.length > MAX_KEY_LENGTH) {
      throw new AppError('invalid_field', `Expected the \`${headerName(name)}\` header to hold 1 to ${MAX_KEY_LENGTH} characters, got ${text.length}.`, { field: headerName(name) });
    }
    keys.push(`${name}:${text}`);
  }
  return keys;
}

function headerName(name: 'idempotency-key' | 'webhook-id'): string {
  return name === 'idempotency-key' ? 'Idempotency-Key' : 'webhook-id';
}

/** Request headers worth keeping on a rejection. Never auth headers. */
export function rejectionHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of ['content-type', 'content-length', 'user-agent', 'idempotency-key', 'webhook-id']) {
    const value = headers[name];
    if (typeof value === 'string') kept[name] = value.slice(0, 200);
  }
  return kept;
}
