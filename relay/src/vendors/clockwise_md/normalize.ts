import { describeValue, invalidField, missingField } from '../../errors.js';
import type { NormalizeContext, NormalizeResult } from '../types.js';
import { coerceIntId } from '../shared/ids.js';
import { accept, refuse, requireObject, requireEventName, type Checked } from '../shared/result.js';
import { spellingWarnings } from '../shared/variants.js';
import { catalog } from './catalog.js';

const NAME = 'Clockwise.MD';
const SHAPE = '{"appointment_id", "event_type"}';
const EVENTS = catalog.map((entry) => entry.vendorEvent);

/**
 * Clockwise.MD sends exactly `{appointment_id, event_type}`: no time (so `occurred_at` is the
 * received time), no person (the enrichment lookup is separate), and no event id. Identical
 * bodies can be genuine (checkin, undo_checkin, checkin), so there is never a dedupe key.
 */
export function normalizeClockwiseMd(body: unknown, ctx: NormalizeContext): NormalizeResult {
  const object = requireObject(body, NAME, SHAPE);
  if (!object.ok) return object;
  const id = appointmentId(object.value.appointment_id);
  if (!id.ok) return id;
  const event = requireEventName(object.value, 'event_type', `${NAME} sends ${SHAPE}`);
  if (!event.ok) return event;
  return accept({
    vendorEvent: event.value,
    occurredAt: ctx.receivedAt.toISOString(),
    person: null,
    data: { ...object.value, appointment_id: id.value.id },
    warnings: [...id.value.warnings, ...spellingWarnings(event.value, EVENTS)],
    dedupeKey: null,
  });
}

/** The documented integer; a digit-only string (`"48213577"`) is unambiguous and becomes that number. */
function appointmentId(value: unknown): Checked<{ id: number; warnings: string[] }> {
  if (value === undefined || value === null) return refuse(missingField('appointment_id', `${NAME} sends ${SHAPE}`));
  const id = coerceIntId(value);
  if (id === null) return refuse(invalidField('appointment_id', 'an integer (or a string of digits)', value));
  const coerced = typeof value === 'string';
  const warning = `\`appointment_id\` arrived as ${describeValue(value)}; kept as the number ${id}.`;
  return { ok: true, value: { id, warnings: coerced ? [warning] : [] } };
}
