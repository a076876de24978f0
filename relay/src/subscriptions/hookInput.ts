/**
 * The bodies of `POST /hooks` and `PATCH /hooks/:id` (docs/contract.md, "REST hooks"): `unknown` in,
 * the fields to store out, or an `AppError` naming the field. Pure apart from `newHookRecord`,
 * which draws the id and the signing secret.
 *
 * Decisions:
 * - `event_types` and `event` (Zapier's one type) may both be sent; their union is stored in
 *   canonical form (`canonicalPatterns`), so equal selections compare equal.
 * - `target_url` is stored as sent (after validation), so `GET /hooks?target_url=` finds a hook
 *   by the exact URL a plugin subscribed with.
 * - A PATCH may carry the read-only fields of a view it read (`id`, `created_at`, ...) unchanged,
 *   so an edit form can send back what it read; changed ones are refused by name.
 */
import { validateTargetUrl, type TargetPolicy } from '../delivery/targetPolicy.js';
import { generateSecret } from '../delivery/sign.js';
import { CATALOG } from '../catalog/catalog.js';
import { AppError, invalidField, missingField, unknownField } from '../errors.js';
import type { EventEnvelope } from '../events/envelope.js';
import { optionalBoolean, optionalNullableString, requireBody, type Json } from '../http/validate.js';
import { newId } from '../ids.js';
import type { HookPatch, HookRecord, HttpMethod } from '../store/types.js';
import { compileFilter } from './filter.js';
import { parseAuth } from './hookAuth.js';
import { createRetry, patchRetry, RETRY_FIELDS } from './hookRetry.js';
import { canonicalPatterns, matches, validatePatterns } from './patterns.js';
import { validateTemplate } from './template.js';

export interface HookInputContext {
  /** `SWITCHBOARD_TARGET_POLICY`: targets it refuses outright are refused at save time. */
  targetPolicy: TargetPolicy;
  /** Whether `source_id` names an existing source (the caller looks it up beforehand). */
  sourceExists: (id: string) => boolean;
}

/** Everything of a hook but its identity, secret and timestamps. */
export type HookFields = Omit<HookRecord, 'id' | 'secret' | 'created_at' | 'updated_at'>;

export const HOOK_FIELDS = [
  'target_url', 'event_types', 'event', 'source_id', 'name', 'description', 'http_method', 'auth',
  'retry_enabled', 'retry_attempts', 'retry_schedule', 'filter', 'payload_template', 'active',
] as const;
const READ_ONLY = ['id', 'secret', 'created_at', 'updated_at', 'disabled_reason', 'disabled_at'] as const;
const HTTP_METHODS: readonly HttpMethod[] = ['POST', 'PUT', 'PATCH'];
export const MAX_NAME = 200;
export const MAX_DESCRIPTION = 2000;
const MAX_SOURCE_ID = 100;

const has = (body: Json, key: string): boolean => Object.hasOwn(body, key);

function orThrow<T>(result: T | AppError): T {
  if (result instanceof AppError) throw result;
  return result;
}

/** Unknown fields are refused by name; read-only ones unless a PATCH sends them back unchanged. */
function checkFields(body: Json, existing: HookRecord | undefined): void {
  for (const key of Object.keys(body)) {
    if ((HOOK_FIELDS as readonly string[]).includes(key)) continue;
    const readOnly = (READ_ONLY as readonly string[]).includes(key);
    if (readOnly && existing && key !== 'secret' && body[key] === existing[key as keyof HookRecord]) continue;
    if (!readOnly) throw unknownField(key, HOOK_FIELDS);
    throw new AppError('invalid_field', `\`${key}\` is set by the relay and cannot be ${existing ? 'changed' : 'given'}.`, { field: key });
  }
}

function parseTargetUrl(value: unknown, policy: TargetPolicy): string {
  if (value === undefined) throw missingField('target_url', 'the absolute http(s) URL deliveries go to');
  orThrow(validateTargetUrl(value, policy));
  return value as string;
}

/** `kept`: the hook's stored source id, accepted as is even if that source was deleted since. */
function parseSourceId(value: unknown, ctx: HookInputContext, kept: string | null): string | null {
  const expected = 'the id of an existing source, or null for every source';
  if (value === null || (kept !== null && value === kept)) return value;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_SOURCE_ID) throw invalidField('source_id', expected, value);
  if (!ctx.sourceExists(value)) {
    throw new AppError('invalid_field', `Expected \`source_id\` to be ${expected}; there is no source ${JSON.stringify(value)}.`, { field: 'source_id' });
  }
  return value;
}

function parseMethod(value: unknown): HttpMethod {
  const upper = typeof value === 'string' ? value.toUpperCase() : value;
  const method = HTTP_METHODS.find((m) => m === upper);
  if (method === undefined) throw invalidField('http_method', HTTP_METHODS.join(', '), value);
  return method;
}

function parseFilter(value: unknown): Record<string, unknown> | null {
  if (value === null) return null;
  orThrow(compileFilter(value));
  // compileFilter accepts objects only, so the stored form is the object as given.
  return value as Record<string, unknown>;
}

/** A catalog sample the template is tried on: the first type the patterns select, else any. */
export function sampleEventFor(patterns: readonly string[]): EventEnvelope {
  const entry =
    CATALOG.find((e) => matches(patterns, e.type)) ?? CATALOG.find((e) => patterns.some((p) => p.startsWith(`${e.vendor}.`))) ?? CATALOG[0];
  if (!entry) throw new AppError('internal', 'The event catalog is empty.');
  return entry.sample;
}

function parseTemplate(value: unknown, patterns: readonly string[]): string | null {
  if (value === null) return null;
  const problem = validateTemplate(value, sampleEventFor(patterns));
  if (problem) throw problem;
  return value as string;
}

function parsePatterns(body: Json): string[] {
  return canonicalPatterns(orThrow(validatePatterns({ event: body['event'], event_types: body['event_types'] })));
}

function textOrNull(body: Json, field: string, max: number): string | null | undefined {
  const text = optionalNullableString(body, field, max);
  return text === '' ? null : text;
}

/** The fields every body may set alone, as a patch of those present. */
function parseSimple(body: Json, ctx: HookInputContext, existing: HookRecord | undefined): HookPatch {
  const patch: HookPatch = {};
  const name = textOrNull(body, 'name', MAX_NAME);
  if (name !== undefined) patch.name = name;
  const description = textOrNull(body, 'description', MAX_DESCRIPTION);
  if (description !== undefined) patch.description = description;
  if (has(body, 'source_id')) patch.source_id = parseSourceId(body['source_id'], ctx, existing?.source_id ?? null);
  if (has(body, 'http_method')) patch.http_method = parseMethod(body['http_method']);
  // `auth: null` reads as "no auth", the way a cleared form field arrives.
  if (has(body, 'auth')) patch.auth = body['auth'] === null ? { type: 'none' } : parseAuth(body['auth'], existing?.auth);
  if (has(body, 'filter')) patch.filter = parseFilter(body['filter']);
  const active = optionalBoolean(body, 'active');
  if (active !== undefined) patch.active = active;
  return patch;
}

/** A `POST /hooks` body. Throws an `AppError` naming the first bad field. */
export function parseHookCreate(input: unknown, ctx: HookInputContext): HookFields {
  const body = requireBody(input);
  checkFields(body, undefined);
  const target_url = parseTargetUrl(body['target_url'], ctx.targetPolicy);
  const event_types = parsePatterns(body);
  const simple = parseSimple(body, ctx, undefined);
  return {
    target_url,
    event_types,
    source_id: simple.source_id ?? null,
    name: simple.name ?? null,
    description: simple.description ?? null,
    http_method: simple.http_method ?? 'POST',
    auth: simple.auth ?? { type: 'none' },
    ...createRetry(body),
    filter: simple.filter ?? null,
    payload_template: has(body, 'payload_template') ? parseTemplate(body['payload_template'], event_types) : null,
    active: simple.active ?? true,
    disabled_reason: null,
    disabled_at: null,
  };
}

/** A stored record for parsed fields: a fresh `hook_…` id and `whsec_…` secret. */
export function newHookRecord(fields: HookFields, now: Date): HookRecord {
  const at = now.toISOString();
  return { id: newId('hook', now.getTime()), ...fields, secret: generateSecret(), created_at: at, updated_at: at };
}

/**
 * A `PATCH /hooks/:id` body against the stored hook: only the fields sent. `active: true`
 * clears `disabled_reason` and `disabled_at` (an operator switching a hook back on).
 */
export function parseHookPatch(input: unknown, existing: HookRecord, ctx: HookInputContext): HookPatch {
  const body = requireBody(input);
  checkFields(body, existing);
  const patch: HookPatch = {};
  if (has(body, 'target_url')) patch.target_url = parseTargetUrl(body['target_url'], ctx.targetPolicy);
  if (has(body, 'event') || has(body, 'event_types')) patch.event_types = parsePatterns(body);
  Object.assign(patch, parseSimple(body, ctx, existing));
  if (RETRY_FIELDS.some((key) => has(body, key))) Object.assign(patch, patchRetry(body, existing));
  if (has(body, 'payload_template')) patch.payload_template = parseTemplate(body['payload_template'], patch.event_types ?? existing.event_types);
  if (patch.active === true) Object.assign(patch, { disabled_reason: null, disabled_at: null });
  return patch;
}
