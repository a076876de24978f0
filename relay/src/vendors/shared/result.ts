import { AppError, describeValue, invalidField, missingField } from '../../errors.js';
import type { NormalizeContext, NormalizeResult, Normalized } from '../types.js';
import { isRecord } from './guards.js';
import { capWarnings } from './warnings.js';

export type Checked<T> = { ok: true; value: T } | { ok: false; error: AppError };

export function accept(value: Normalized): NormalizeResult {
  return { ok: true, value };
}

export function refuse(error: AppError): { ok: false; error: AppError } {
  return { ok: false, error };
}

/** The body as a JSON object, or `invalid_request` naming the expected shape (`shape` e.g. `{"event", "timestamp", ...}`). */
export function requireObject(body: unknown, vendorName: string, shape: string): Checked<Record<string, unknown>> {
  if (isRecord(body)) return { ok: true, value: body };
  const message = `Expected the ${vendorName} webhook body to be a JSON object ${shape}, got ${describeValue(body)}.`;
  return refuse(new AppError('invalid_request', message));
}

/**
 * The longest wire event name accepted. The name is kept verbatim in `type` and `vendor_event`
 * (and in `data`), so it counts three times in the event: it must be short. Cataloged names are
 * under 30 characters.
 */
export const MAX_EVENT_NAME_LENGTH = 200;

/**
 * `body[name]` as the wire event name: a non-blank string of at most MAX_EVENT_NAME_LENGTH
 * characters, kept verbatim. Absent or null is `missing_field` (with `why` as the explanation);
 * another type, a blank or a too long string is `invalid_field`.
 */
export function requireEventName(body: Record<string, unknown>, name: string, why: string): Checked<string> {
  const value = body[name];
  if (value === undefined || value === null) return refuse(missingField(name, why));
  if (typeof value !== 'string' || value.trim() === '') return refuse(invalidField(name, 'a non-empty string', value));
  if (value.length > MAX_EVENT_NAME_LENGTH) {
    const message = `Expected \`${name}\` to be an event name of at most ${MAX_EVENT_NAME_LENGTH} characters, got ${value.length} characters (${describeValue(value)}).`;
    return refuse(new AppError('invalid_field', message, { field: name }));
  }
  return { ok: true, value };
}

type Normalize = (body: unknown, ctx: NormalizeContext) => NormalizeResult;

/**
 * What every vendor's `normalize` is wrapped in, so the contract holds whatever the vendor code does:
 * - it never throws: the vendor code is written not to; anything unforeseen (e.g. a stack overflow
 *   on absurdly deep JSON) becomes a refusal that leaks nothing;
 * - its warnings are bounded (`capWarnings`: at most 20, 300 characters each, 8 KiB in all).
 */
export function guardNormalize(vendorName: string, normalize: Normalize): Normalize {
  return (body, ctx) => {
    let result: NormalizeResult;
    try {
      result = normalize(body, ctx);
    } catch {
      return refuse(new AppError('internal', `The ${vendorName} normalizer could not read this body; it was not accepted.`));
    }
    return result.ok ? accept({ ...result.value, warnings: capWarnings(result.value.warnings) }) : result;
  };
}
