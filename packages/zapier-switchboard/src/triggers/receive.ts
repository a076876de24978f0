/**
 * The event behind one caught REST hook, verified before anything else.
 *
 * The Standard Webhooks signature is checked over `bundle.rawRequest.content` (Zapier passes the
 * raw request to every hook `perform`) with the subscription's secret, and the event is read from
 * those verified bytes, never from `cleanedRequest`. A request without a raw body carries no proof
 * at all and is refused like a forged one: nothing unsigned is ever trusted, not even an event id.
 * A verified delivery whose `webhook-id` this Zap accepted less than 5 minutes ago is refused as
 * a repeat (`repeats.ts`).
 *
 * A refused request throws `HaltedError`: the Zap does not run, the run shows the reason in the
 * Zap history, and (unlike `z.errors.Error`) forged traffic cannot pile up errors that would make
 * Zapier switch the user's Zap off.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import type { EventEnvelope } from '../catalog/catalog';
import { parseEnvelope, parseSubscribedHook, type SubscribedHook } from '../relay/parse';
import { headerValue, readRawRequest, type RawRequest } from '../signature/rawRequest';
import { verify } from '../signature/standardWebhooks';
import { isRepeat } from './repeats';

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

async function fromVerifiedBody(z: ZObject, bundle: Bundle, raw: RawRequest, hook: SubscribedHook, now: Date): Promise<EventEnvelope> {
  const h = (name: string): string | null => headerValue(raw.headers, name);
  const result = verify({ secret: hook.secret, id: h('webhook-id'), timestamp: h('webhook-timestamp'), signature: h('webhook-signature'), body: raw.content, now });
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
  if (await isRepeat(z, bundle, hook.id, result, now)) {
    throw halted(z, `Ignored a repeated delivery: Switchboard event ${JSON.stringify(result.id.slice(0, 60))} reached this Zap less than 5 minutes ago.`);
  }
  return event.value;
}

export async function receiveEvent(z: ZObject, bundle: Bundle, now: Date = new Date()): Promise<EventEnvelope> {
  const hook = hookOf(z, bundle);
  const raw = readRawRequest(bundle.rawRequest as unknown);
  if (!raw) throw halted(z, 'Ignored a request without the raw body Zapier passes with every caught hook: there is no signature to verify.');
  return fromVerifiedBody(z, bundle, raw, hook, now);
}
