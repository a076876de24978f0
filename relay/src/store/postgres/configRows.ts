import type { Vendor } from '../../vendors/types.js';
import { HOOK_PATCHABLE, PATCHABLE } from '../lowdb/configStore.js';
import type { ApiKeyRecord, HookAuth, HookRecord, HttpMethod, SourceRecord } from '../types.js';
import { jsonbText, pgText } from './text.js';

/** Row shapes as `pg` returns them: `timestamptz` as Date, json/jsonb parsed. */
export interface SourceRow {
  id: string;
  vendor: string;
  name: string;
  description: string | null;
  active: boolean;
  token_hash: string;
  token_hint: string;
  previous_token_hash: string | null;
  previous_token_expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface HookRow {
  id: string;
  target_url: string;
  event_types: string[];
  source_id: string | null;
  name: string | null;
  description: string | null;
  http_method: string;
  auth: HookAuth;
  retry_enabled: boolean;
  retry_attempts: number;
  retry_schedule: number[] | null;
  filter: Record<string, unknown> | null;
  payload_template: string | null;
  active: boolean;
  disabled_reason: string | null;
  disabled_at: Date | null;
  secret: string;
  created_at: Date;
  updated_at: Date;
}

/** Every column: the patchable fields (the same list the stores apply patches from) plus the fixed ones. */
export const SOURCE_COLUMNS = [
  'id',
  'vendor',
  ...PATCHABLE,
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof SourceRecord & keyof SourceRow)[];

export const HOOK_COLUMNS = [
  'id',
  ...HOOK_PATCHABLE,
  'secret',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof HookRecord & keyof HookRow)[];

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());

export function toSource(row: SourceRow): SourceRecord {
  return {
    ...row,
    // Constrained by the API that wrote it.
    vendor: row.vendor as Vendor,
    previous_token_expires_at: iso(row.previous_token_expires_at),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export function toHook(row: HookRow): HookRecord {
  return {
    ...row,
    http_method: row.http_method as HttpMethod,
    disabled_at: iso(row.disabled_at),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export function toApiKey(row: { id: string; hash: string; hint: string; label: string; created_at: Date }): ApiKeyRecord {
  return { ...row, created_at: row.created_at.toISOString() };
}

/** A source field as a query parameter (free text without U+0000, see `pgText`). */
export function sourceParam(key: (typeof SOURCE_COLUMNS)[number], value: SourceRecord[typeof key]): unknown {
  return typeof value === 'string' && (key === 'name' || key === 'description') ? pgText(value) : value;
}

/** A hook field as a query parameter: JSON columns as JSON text, free text without U+0000. */
export function hookParam(key: (typeof HOOK_COLUMNS)[number], value: HookRecord[typeof key]): unknown {
  switch (key) {
    case 'auth':
    case 'retry_schedule':
      return value === null ? null : jsonbText(value);
    case 'filter':
      return value === null ? null : JSON.stringify(value);
    case 'name':
    case 'description':
    case 'disabled_reason':
    case 'payload_template':
      return typeof value === 'string' ? pgText(value) : value;
    default:
      return value;
  }
}
