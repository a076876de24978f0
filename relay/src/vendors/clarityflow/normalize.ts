import type { NormalizeContext, NormalizeResult } from '../types.js';
import { accept, requireObject, requireEventName } from '../shared/result.js';
import { spellingWarnings } from '../shared/variants.js';
import { catalog } from './catalog.js';
import { SHAPE, envelopeId, envelopeTime } from './envelope.js';
import { personOf, readPayload } from './payload.js';

const NAME = 'Clarityflow';
const EVENTS = catalog.map((entry) => entry.vendorEvent);

/** Clarityflow wraps every event in `{type, id, occurred_at, payload}`; `id` is the dedupe key. */
export function normalizeClarityflow(body: unknown, ctx: NormalizeContext): NormalizeResult {
  const object = requireObject(body, NAME, SHAPE);
  if (!object.ok) return object;
  const type = requireEventName(object.value, 'type', `${NAME} sends ${SHAPE}`);
  if (!type.ok) return type;
  const id = envelopeId(object.value.id);
  if (!id.ok) return id;
  const time = envelopeTime(object.value.occurred_at, ctx.receivedAt);
  const payload = readPayload(object.value.payload);
  return accept({
    vendorEvent: type.value,
    occurredAt: time.iso,
    person: personOf(payload.data),
    data: payload.data,
    warnings: [...spellingWarnings(type.value, EVENTS), ...id.value.warnings, ...time.warnings, ...payload.warnings],
    dedupeKey: id.value.id,
  });
}
