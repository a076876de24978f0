/** The subscription form's state, from a stored hook and to the API body. Pure. */
import type { Hook, HookAuth, HttpMethod } from '../api/types';
import type { FilterState } from './FilterEditor';
import { filterToRows, rowsToFilter } from './filterRows';
import { STARTER_TEMPLATE } from './TemplateEditor';

export interface Draft {
  name: string;
  description: string;
  target_url: string;
  http_method: HttpMethod;
  auth: HookAuth;
  event_types: string[];
  source_id: string;
  filter: FilterState;
  templateOn: boolean;
  template: string;
  retry_enabled: boolean;
  retryMode: 'standard' | 'custom';
  retry_attempts: number;
  retry_schedule: string;
  active: boolean;
}

export function newDraft(): Draft {
  return {
    name: '',
    description: '',
    target_url: '',
    http_method: 'POST',
    auth: { type: 'none' },
    event_types: [],
    source_id: '',
    filter: { mode: 'rows', rows: [], json: '' },
    templateOn: false,
    template: STARTER_TEMPLATE,
    retry_enabled: true,
    retryMode: 'standard',
    retry_attempts: 3,
    retry_schedule: '',
    active: true,
  };
}

export function draftOf(hook: Hook): Draft {
  const rows = filterToRows(hook.filter);
  return {
    name: hook.name ?? '',
    description: hook.description ?? '',
    target_url: hook.target_url,
    http_method: hook.http_method,
    auth: hook.auth,
    event_types: [...hook.event_types],
    source_id: hook.source_id ?? '',
    filter: { mode: rows ? 'rows' : 'json', rows: rows ?? [], json: hook.filter ? JSON.stringify(hook.filter, null, 2) : '' },
    templateOn: hook.payload_template !== null,
    template: hook.payload_template ?? STARTER_TEMPLATE,
    retry_enabled: hook.retry_enabled,
    retryMode: hook.retry_schedule ? 'custom' : 'standard',
    retry_attempts: hook.retry_attempts,
    retry_schedule: hook.retry_schedule?.join(', ') ?? '',
    active: hook.active,
  };
}

export class DraftError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** The filter object the draft describes; throws `DraftError` for JSON that does not parse. */
export function draftFilter(filter: FilterState): Record<string, unknown> | null {
  if (filter.mode === 'rows') return rowsToFilter(filter.rows);
  if (filter.json.trim() === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(filter.json);
  } catch (err) {
    throw new DraftError(`The filter is not valid JSON: ${(err as Error).message}`, 'filter');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new DraftError('The filter must be a JSON object, like {"person.email": {"$exists": true}}.', 'filter');
  return parsed as Record<string, unknown>;
}

function schedule(text: string): number[] {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  const delays = parts.map(Number);
  if (parts.length === 0 || delays.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new DraftError('Write the retry delays as whole seconds separated by commas, e.g. "30, 300, 3600".', 'retry_schedule');
  }
  return delays;
}

/** The POST/PATCH body. Masked secrets go back unchanged, which keeps the stored ones. */
export function draftBody(d: Draft): Record<string, unknown> {
  return {
    name: d.name.trim() || null,
    description: d.description.trim() || null,
    target_url: d.target_url.trim(),
    http_method: d.http_method,
    auth: d.auth,
    event_types: d.event_types,
    source_id: d.source_id || null,
    filter: draftFilter(d.filter),
    payload_template: d.templateOn ? d.template : null,
    retry_enabled: d.retry_enabled,
    ...(d.retryMode === 'custom' ? { retry_schedule: schedule(d.retry_schedule) } : { retry_schedule: null, retry_attempts: d.retry_attempts }),
    active: d.active,
  };
}
