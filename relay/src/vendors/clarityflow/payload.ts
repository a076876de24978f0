import type { Person } from '../types.js';
import { cleanPayload, type CleanRules } from '../shared/clean.js';
import { field, isRecord } from '../shared/guards.js';
import { toPerson } from '../shared/person.js';

/** Timestamp fields seen in Clarityflow payloads; the `HH:MM:<epoch>` quirk is read by `toIsoUtc`. */
const RULES: CleanRules = {
  timestampKeys: new Set(['created_at', 'updated_at', 'message_created_time', 'completed_at', 'start_time', 'end_time']),
  ids: { isIdKey: (key) => key === 'id' || key.endsWith('_id'), as: 'number' },
};

/** The cleaned `payload` (its inner keys kept: `data.message`, `data.conversation`, ...). */
export function readPayload(payload: unknown): { data: Record<string, unknown>; warnings: string[] } {
  if (payload === undefined || payload === null) return { data: {}, warnings: ['`payload` is missing; data is empty.'] };
  if (!isRecord(payload)) {
    return { data: { payload }, warnings: ['`payload` is not a JSON object; kept as sent under `data.payload`.'] };
  }
  const cleaned = cleanPayload(payload, RULES, 'payload');
  return { data: withConversationSlug(cleaned.value), warnings: cleaned.warnings };
}

/**
 * The longest slug taken from a URL. A slug is a copy of part of the URL, and the URL parser
 * percent-encodes what it does not allow in a path (`€` becomes the 9 characters `%E2%82%AC`),
 * so an unbounded slug could make the event several times larger than the request. Clarityflow's
 * slugs are short (`march-3rd-2026-conversation`); a longer candidate is not a slug.
 */
export const MAX_SLUG_LENGTH = 200;

/**
 * A Clarityflow message carries no conversation id. Its slug is in `message_url`
 * (`/c/<slug>#message-1`) or in `message_embed_url`'s `conversation_slug` query parameter;
 * it is added as `data.message.conversation_slug` unless the vendor already sent one.
 */
function withConversationSlug(data: Record<string, unknown>): Record<string, unknown> {
  const message = data.message;
  if (!isRecord(message) || message.conversation_slug !== undefined) return data;
  const slug = slugFromPath(message.message_url) ?? slugFromQuery(message.message_embed_url);
  return slug === null || slug.length > MAX_SLUG_LENGTH ? data : { ...data, message: { ...message, conversation_slug: slug } };
}

function slugFromPath(url: unknown): string | null {
  const parsed = parseUrl(url);
  return parsed ? (/^\/c\/([^/]+)/.exec(parsed.pathname)?.[1] ?? null) : null;
}

function slugFromQuery(url: unknown): string | null {
  return parseUrl(url)?.searchParams.get('conversation_slug') || null;
}

function parseUrl(url: unknown): URL | null {
  return typeof url === 'string' && URL.canParse(url) ? new URL(url) : null;
}

/** Who the event is about, by payload kind; the first kind present that names someone wins. */
const PEOPLE: readonly [string, (item: Record<string, unknown>) => Person | null][] = [
  ['message', (m) => authorOf(m.author)],
  ['appointment', (a) => toPerson({ email: a.attendee_email, full_name: a.attendee_name })],
  ['purchase', (p) => toPerson({ email: p.buyer_email, full_name: p.buyer_name })],
  ['form_submission', (f) => toPerson({ email: f.submitter_email, full_name: f.submitter_name })],
  ['task', (t) => toPerson({ email: t.completed_by_email })],
  ['conversation', (c) => soleSubscriber(c.subscriber_emails)],
];

export function personOf(data: Record<string, unknown>): Person | null {
  for (const [key, read] of PEOPLE) {
    const item = data[key];
    const person = isRecord(item) ? read(item) : null;
    if (person !== null) return person;
  }
  return null;
}

function authorOf(author: unknown): Person | null {
  const part = (key: string): unknown => field(author, key);
  return toPerson({
    email: part('email'),
    first_name: part('first_name'),
    last_name: part('last_name'),
    full_name: part('full_name'),
  });
}

/** A conversation names no creator; with exactly one subscriber, that subscriber is the person. */
function soleSubscriber(emails: unknown): Person | null {
  return Array.isArray(emails) && emails.length === 1 ? toPerson({ email: emails[0] }) : null;
}
