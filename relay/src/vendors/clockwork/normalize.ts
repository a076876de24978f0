import type { NormalizeContext, NormalizeResult } from '../types.js';
import { cleanPayload, type CleanRules } from '../shared/clean.js';
import { toPerson } from '../shared/person.js';
import { accept, requireObject, requireEventName } from '../shared/result.js';
import { spellingWarnings } from '../shared/variants.js';
import { attributesAsMap } from './attributes.js';
import { catalog } from './catalog.js';

const NAME = 'Clockwork';
const SHAPE = '{"event_name", "uuid", "sub_uuid", "customer_email", ...}';
const EVENTS = catalog.map((entry) => entry.vendorEvent);

const RULES: CleanRules = {
  timestampKeys: new Set(['customer_last_contacted_at']),
  ids: { isIdKey: (key) => key === 'uuid' || key.endsWith('_uuid'), as: 'string' },
};

/**
 * A Clockwork body is flat. It carries no event time (`customer_last_contacted_at` is about the
 * customer, not this event), so `occurred_at` is the received time; `uuid` / `sub_uuid` identify
 * the webhook subscription, not the delivery, so there is no dedupe key.
 */
export function normalizeClockwork(body: unknown, ctx: NormalizeContext): NormalizeResult {
  const object = requireObject(body, NAME, SHAPE);
  if (!object.ok) return object;
  const event = requireEventName(object.value, 'event_name', `${NAME} sends ${SHAPE}`);
  if (!event.ok) return event;
  const attributes = attributesAsMap(object.value.customer_attributes);
  const hasAttributes = 'customer_attributes' in object.value;
  const cleaned = cleanPayload(hasAttributes ? { ...object.value, customer_attributes: attributes.value } : object.value, RULES);
  return accept({
    vendorEvent: event.value,
    occurredAt: ctx.receivedAt.toISOString(),
    person: toPerson({
      email: object.value.customer_email,
      first_name: object.value.customer_first_name,
      last_name: object.value.customer_last_name,
    }),
    data: cleaned.value,
    warnings: [...spellingWarnings(event.value, EVENTS), ...attributes.warnings, ...cleaned.warnings],
    dedupeKey: null,
  });
}
