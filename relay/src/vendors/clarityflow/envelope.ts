import { describeValue, invalidField, missingField } from '../../errors.js';
import { refuse, type Checked } from '../shared/result.js';
import { parseIsoTimestamp } from '../shared/time.js';

export const SHAPE = '{"type", "id", "occurred_at", "payload"}';

/** The envelope `id`, Clarityflow's delivery id and so the dedupe key. A number is kept as its text. */
export function envelopeId(value: unknown): Checked<{ id: string; warnings: string[] }> {
  if (value === undefined || value === null) {
    return refuse(missingField('id', `the documented Clarityflow envelope ${SHAPE} always has one`));
  }
  if (typeof value === 'number' && Number.isSafeInteger(value)) {
    const warning = `\`id\` arrived as the number ${value}; kept as the string "${value}".`;
    return { ok: true, value: { id: String(value), warnings: [warning] } };
  }
  if (typeof value !== 'string' || value.trim() === '') return refuse(invalidField('id', 'a non-empty string', value));
  return { ok: true, value: { id: value, warnings: [] } };
}

/**
 * The envelope `occurred_at` is documented as ISO-8601 with a numeric offset. Anything else (even
 * the payload-level `HH:MM:<epoch>` quirk, which does not belong here) is not trusted: the event
 * keeps the received time and says so in a warning.
 */
export function envelopeTime(value: unknown, receivedAt: Date): { iso: string; warnings: string[] } {
  const iso = parseIsoTimestamp(value);
  if (iso !== null) return { iso, warnings: [] };
  const problem = value === undefined || value === null ? 'is missing' : `is not ISO-8601 (got ${describeValue(value)})`;
  return { iso: receivedAt.toISOString(), warnings: [`\`occurred_at\` ${problem}; occurred_at is the received time.`] };
}
