/** Small parsers for API request bodies and queries: `unknown` in, types out, errors name the field. */
import { AppError, invalidField, unknownField } from '../errors.js';

export type Json = Record<string, unknown>;

export function requireBody(body: unknown): Json {
  if (body === undefined) {
    throw new AppError('invalid_request', 'Expected a JSON object body with `Content-Type: application/json`.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError('invalid_request', 'Expected the request body to be a JSON object.');
  }
  return body as Json;
}

export function rejectUnknownFields(body: Json, allowed: readonly string[]): void {
  const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    throw unknownField(unknown[0] ?? '', allowed);
  }
}

export function optionalString(body: Json, field: string, opts: { max: number; min?: number }): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  const min = opts.min ?? 0;
  if (typeof value !== 'string' || value.trim().length < min || value.length > opts.max) {
    throw invalidField(field, `a string of ${min} to ${opts.max} characters`, value);
  }
  return value.trim();
}

export function optionalNullableString(body: Json, field: string, max: number): string | null | undefined {
  if (body[field] === null) return null;
  return optionalString(body, field, { max });
}

export function optionalBoolean(body: Json, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw invalidField(field, 'true or false', value);
  return value;
}

export function optionalInt(body: Json, field: string, min: number, max: number): number | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidField(field, `a whole number from ${min} to ${max}`, value);
  }
  return value;
}

/** Query string `limit`: default when absent, bounded otherwise. */
export function queryLimit(raw: unknown, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const text = typeof raw === 'string' ? raw : '';
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > max) throw invalidField('limit', `a whole number from 1 to ${max}`, raw);
  return n;
}

export function queryString(raw: unknown, field: string, max = 200): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > max) throw invalidField(field, `a string of 1 to ${max} characters`, raw);
  return raw;
}
