/**
 * The event behind one caught REST hook, verified before anything else.
 *
 * With `bundle.rawRequest` (what Zapier's backend passes for a caught hook): the Standard Webhooks
 * signature is checked over `rawRequest.content` with the subscription's secret, and the event is
 * read from those verified bytes, never from `cleanedRequest`.
 *
 * Without a raw body (Zapier may not always pass one): the body is not trusted. Its event `id` is
 * looked up on the relay with the connection's API key and the relay's own copy is used, so a
 * forged body cannot inject data; at worst it makes the Zap see a real event again.
 *
 * A request that fails either check throws `HaltedError`: the Zap does not run, the run shows
 * the reason in the Zap history, and (unlike `z.errors.Error`) forged traffic cannot pile up
 * errors that would make Zapier switch the user's Zap off.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import type { EventEnvelope } from '../catalog/catalog';
import { getEvent } from '../relay/api';
import { isRecord, parseEnvelope, parseSubscribedHook, type SubscribedHook } from '../relay/parse';
import { headerValue, readRawRequest, type RawRequest } from '../signature/rawRequest';
import { verify } from '../signature/standardWebhooks';
import { matchesPattern } from './selection';

/**
 * Core appends "What happened: … bundle …" (the raw request, the subscription secret) to errors
 * it did not create; a halted run should show only the reason.
 */
function halted(z: ZObject, reason: string): Error {
  return Object.assign(new z.errors.HaltedError(reason), { doNotContextify: true });
}

function hookOf(z: ZObject, bundle: Bundle): SubscribedHook {
  const hook = parseSubscribedHook(bundle.subscribeData as unknown);
  if (hook.ok) return hook.value;
  // Fail closed, and loudly: this Zap can never verify a delivery until it subscribes again.
  throw new z.errors.Error(
    `This Zap's Switchboard subscription has no signing secret (${hook.error}) Turn the Zap off and on again to subscribe anew.`,
    'missing_secret',
    400,
  );
}

function fromVerifiedBody(z: ZObject, raw: RawRequest, secret: string, now: Date): EventEnvelope {
  const h = (name: string): string | null => headerValue(raw.headers, name);
  const result = verify({ secret, id: h('webhook-id'), timestamp: h('webhook-timestamp'), signature: h('webhook-signature'), body: raw.content, now });
  if (!result.ok) {
    throw halted(z, `Ignored a request that Switchboard did not sign for this Zap (${result.reason}).`);
  }
  let body: unknown;
  try {
    body = JSON.parse(raw.content) as unknown;
  } catch {
    throw new z.errors.Error('Switchboard signed a delivery whose body is not JSON: is a payload template set on its subscription?', 'invalid_event', 400);
  }
  const event = parseEnvelope(body);
  if (!event.ok) throw new z.errors.Error(`Switchboard signed a delivery that is not a Switchboard event: ${event.error}`, 'invalid_event', 400);
  return event.value;
}

/** Whether the relay would deliver this event to this subscription (its event types and source). */
function belongsTo(event: EventEnvelope, hook: SubscribedHook): boolean {
  const patterns = Array.isArray(hook['event_types']) ? hook['event_types'].filter((p): p is string => typeof p === 'string') : [];
  const sourceId = hook['source_id'];
  const sourceMatches = sourceId === null || sourceId === undefined || sourceId === event.source.id;
  return sourceMatches && patterns.some((pattern) => matchesPattern(event.type, pattern));
}

async function fromRelayCopy(z: ZObject, bundle: Bundle, hook: SubscribedHook): Promise<EventEnvelope> {
  const cleaned: unknown = bundle.cleanedRequest;
  const id = isRecord(cleaned) ? cleaned['id'] : undefined;
  if (typeof id !== 'string' || id === '') {
    throw halted(z, 'Ignored a request without a raw body to verify and without a Switchboard event id.');
  }
  z.console.log('No raw request to verify: using the relay’s own copy of the event instead of the request body.');
  const event = await getEvent(z, bundle, id);
  if (!event) throw halted(z, `Ignored a request naming an event this relay does not have (${JSON.stringify(id.slice(0, 60))}).`);
  if (!belongsTo(event, hook)) throw halted(z, `Ignored a request naming an event (${event.type}) this Zap's subscription does not cover.`);
  return event;
}

export async function receiveEvent(z: ZObject, bundle: Bundle, now: Date = new Date()): Promise<EventEnvelope> {
  const hook = hookOf(z, bundle);
  const raw = readRawRequest(bundle.rawRequest as unknown);
  return raw ? fromVerifiedBody(z, raw, hook.secret, now) : fromRelayCopy(z, bundle, hook);
}
