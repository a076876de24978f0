/** The relay base URL a user typed into the connection form, normalized. Pure, never throws. */
import type { Parsed } from './parse';

const EXAMPLE = 'e.g. https://switchboard.example.com';

/**
 * `https://host[:port][/prefix]` without a trailing slash. A pasted `/api/v1` (or a path below it)
 * is cut off, since every call adds it. Credentials, query and fragment are refused by name.
 */
export function normalizeRelayUrl(input: unknown): Parsed<string> {
  const raw = typeof input === 'string' ? input.trim() : '';
  if (raw === '') return { ok: false, error: `The Relay URL is empty: enter the address of your Switchboard relay (${EXAMPLE}).` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, error: `The Relay URL ${JSON.stringify(raw)} is not an absolute URL: expected http(s)://host (${EXAMPLE}).` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, error: `The Relay URL must start with https:// or http://, got ${JSON.stringify(url.protocol)}.` };
  }
  if (url.username || url.password) return { ok: false, error: 'The Relay URL must not contain a user name or password: put the API key in the API Key field.' };
  if (url.search || url.hash) return { ok: false, error: `The Relay URL must not have a query or fragment, got ${JSON.stringify(raw)}.` };
  const path = url.pathname.replace(/\/api\/v1(?:\/.*)?$/, '').replace(/\/+$/, '');
  return { ok: true, value: `${url.origin}${path}` };
}
