import { AppError, describeValue, invalidField, missingField } from '../../errors.js';
import type { NormalizeContext, NormalizeResult, Normalized } from '../types.js';
import { isRecord } from './guards.js';

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
 * `body[name]` as a non-blank string, kept verbatim. Absent or null is `missing_field` (with `why`
 * as the explanation); another type or a blank string is `invalid_field`.
 */
export function requireString(body: Record<string, unknown>, name: string, why: string): Checked<string> {
  const value = body[name];
  if (value === undefined || value === null) return refuse(missingField(name, why));
  if (typeof value !== 'string' || value.trim() === '') return refuse(invalidField(name, 'a non-empty string', value));
  return { ok: true, value };
}

type Normalize = (body: unknown, ctx: NormalizeContext) => NormalizeResult;

/**
 * Contract: `normalize` never throws. The vendor code is written not to; this guard turns anything
 * unforeseen (e.g. a stack overflow on absurdly deep JSON) into a refusal that leaks nothing.
 */
export function neverThrows(vendorName: string, normalize: Normalize): Normalize {
  return (body, ctx) => {
    try {
      return normalize(body, ctx);
    } catch {
      return refuse(new AppError('internal', `The ${vendorName} normalizer could not read this body; it was not accepted.`));
    }
  };
}
