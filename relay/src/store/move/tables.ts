import { pgText, jsonbText } from '../postgres/text.js';
import type { ApiKeyRecord, HookRecord, RejectionRecord, SourceRecord } from '../types.js';
import type { Column } from './pgInsert.js';
import type { PageQuery } from './readEmbedded.js';

/** How one table travels: which rows to read from SQLite, and the PostgreSQL columns they fill. */
export interface TableMove<Row> {
  table: string;
  query: PageQuery;
  columns: readonly Column[];
  values(row: Row): unknown[];
}

const col = (name: string, type = 'text', select?: string): Column => (select ? { name, type, select } : { name, type });
const json = (name: string): Column => col(name, 'text', `r."${name}"::json`);
const jsonb = (name: string): Column => col(name, 'text', `r."${name}"::jsonb`);
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The configuration records, from `config.json`. Hashes and secrets are copied as stored. */
export const SOURCE_MOVE = {
  columns: [
    col('id'), col('vendor'), col('name'), col('description'), col('active', 'boolean'), col('token_hash'), col('token_hint'),
    col('previous_token_hash'), col('previous_token_expires_at', 'timestamptz'), col('created_at', 'timestamptz'), col('updated_at', 'timestamptz'),
  ],
  values: (s: SourceRecord): unknown[] => [
    s.id, s.vendor, pgText(s.name), pgText(s.description), s.active, s.token_hash, s.token_hint,
    s.previous_token_hash, s.previous_token_expires_at, s.created_at, s.updated_at,
  ],
};

export const API_KEY_MOVE = {
  columns: [col('id'), col('hash'), col('hint'), col('label'), col('created_at', 'timestamptz')],
  values: (k: ApiKeyRecord): unknown[] => [k.id, k.hash, k.hint, pgText(k.label), k.created_at],
};

export const HOOK_MOVE = {
  columns: [
    col('id'), col('target_url'), col('event_types', 'text', 'ARRAY(SELECT jsonb_array_elements_text(r."event_types"::jsonb))'),
    col('source_id'), col('name'), col('description'), col('http_method'), jsonb('auth'), col('retry_enabled', 'boolean'),
    col('retry_attempts', 'integer'), jsonb('retry_schedule'), json('filter'), col('payload_template'), col('active', 'boolean'),
    col('disabled_reason'), col('disabled_at', 'timestamptz'), col('secret'), col('created_at', 'timestamptz'), col('updated_at', 'timestamptz'),
  ],
  values: (h: HookRecord): unknown[] => [
    h.id, h.target_url, JSON.stringify(h.event_types), h.source_id, pgText(h.name), pgText(h.description), h.http_method,
    jsonbText(h.auth), h.retry_enabled, h.retry_attempts, h.retry_schedule === null ? null : jsonbText(h.retry_schedule),
    h.filter === null ? null : JSON.stringify(h.filter), pgText(h.payload_template), h.active, pgText(h.disabled_reason),
    h.disabled_at, h.secret, h.created_at, h.updated_at,
  ],
};

interface EventRow {
  seq: number;
  id: string;
  source_id: string;
  vendor: string;
  type: string;
  received_at: string;
  envelope: string;
  raw_method: string;
  raw_content_type: string | null;
  raw_body: Buffer;
}

/** Events from `minSeq` on (the newest N), plus any event a pending delivery still needs. */
export function eventMove(minSeq: number): TableMove<EventRow> {
  return {
    table: 'events',
    query: {
      table: 'events',
      columns: 'id, source_id, vendor, type, received_at, envelope, raw_method, raw_content_type, raw_body',
      where: `seq >= ${minSeq} OR id IN (SELECT event_id FROM deliveries WHERE status = 'pending')`,
    },
    columns: [
      col('id'), col('source_id'), col('vendor'), col('type'), col('received_at', 'timestamptz'), json('envelope'),
      col('raw_method'), col('raw_content_type'), col('raw_body', 'bytea'),
    ],
    values: (e) => [
      e.id, pgText(e.source_id), e.vendor, pgText(e.type), e.received_at, e.envelope, pgText(e.raw_method), pgText(e.raw_content_type), Buffer.from(e.raw_body),
    ],
  };
}

interface DedupeRow { seq: number; source_id: string; key: string; event_id: string; expires_ms: number }

/** Unexpired dedupe keys only: a vendor's retry after the move must still be a duplicate. */
export function dedupeKeyMove(nowMs: number): TableMove<DedupeRow> {
  return {
    table: 'dedupe_keys',
    query: { table: 'dedupe_keys', columns: 'source_id, key, event_id, expires_ms', where: `expires_ms > ${Math.floor(nowMs)}`, key: 'rowid' },
    columns: [col('source_id'), col('key'), col('event_id'), col('expires_at', 'timestamptz')],
    values: (d) => [pgText(d.source_id), pgText(d.key), d.event_id, new Date(d.expires_ms).toISOString()],
  };
}

export const REJECTION_MOVE: TableMove<{ seq: number; record: string }> = {
  table: 'rejections',
  query: { table: 'rejections', columns: 'record' },
  columns: [
    col('id'), col('source_id'), col('received_at', 'timestamptz'), col('method'), col('status', 'integer'), col('code'), col('reason'),
    col('content_type'), col('body_excerpt'), col('body_bytes', 'integer'), jsonb('headers'),
  ],
  values: ({ record }) => {
    // Written only by the embedded store, from typed RejectionRecords.
    const r = JSON.parse(record) as RejectionRecord;
    return [
      r.id, pgText(r.source_id), r.received_at, pgText(r.method), r.status, r.code, pgText(r.reason),
      pgText(r.content_type), pgText(r.body_excerpt), r.body_bytes, jsonbText(r.headers),
    ];
  },
};

interface DeliveryRow {
  seq: number; id: string; event_id: string; event_type: string; hook_id: string; trigger: string; status: string; attempts: number;
  cycle_attempts: number; next_attempt_ms: number | null; last_status_code: number | null; last_error: string | null; created_ms: number; updated_ms: number;
}

export const DELIVERY_MOVE: TableMove<DeliveryRow> = {
  table: 'deliveries',
  query: {
    table: 'deliveries',
    columns: 'id, event_id, event_type, hook_id, trigger, status, attempts, cycle_attempts, next_attempt_ms, last_status_code, last_error, created_ms, updated_ms',
  },
  columns: [
    col('id'), col('event_id'), col('event_type'), col('hook_id'), col('trigger'), col('status'), col('attempts', 'integer'),
    col('cycle_attempts', 'integer'), col('next_attempt_at', 'timestamptz'), col('last_status_code', 'integer'), col('last_error'),
    col('created_at', 'timestamptz'), col('updated_at', 'timestamptz'),
  ],
  values: (d) => [
    d.id, d.event_id, pgText(d.event_type), d.hook_id, d.trigger, d.status, d.attempts, d.cycle_attempts, isoOrNull(d.next_attempt_ms),
    d.last_status_code, pgText(d.last_error), isoOrNull(d.created_ms), isoOrNull(d.updated_ms),
  ],
};

interface AttemptRow {
  seq: number; id: string; delivery_id: string; hook_id: string; event_id: string; number: number; trigger: string; started_at: string;
  duration_ms: number; outcome: string; status_code: number | null; error: string | null; target_url: string; response_headers: string;
  response_body: string | null; next_attempt_at: string | null;
}

export const ATTEMPT_MOVE: TableMove<AttemptRow> = {
  table: 'attempts',
  query: {
    table: 'attempts',
    columns: 'id, delivery_id, hook_id, event_id, number, trigger, started_at, duration_ms, outcome, status_code, error, target_url, response_headers, response_body, next_attempt_at',
  },
  columns: [
    col('id'), col('delivery_id'), col('hook_id'), col('event_id'), col('number', 'integer'), col('trigger'), col('started_at', 'timestamptz'),
    col('duration_ms', 'integer'), col('outcome'), col('status_code', 'integer'), col('error'), col('target_url'), jsonb('response_headers'),
    col('response_body'), col('next_attempt_at', 'timestamptz'),
  ],
  values: (a) => [
    a.id, a.delivery_id, a.hook_id, a.event_id, a.number, a.trigger, a.started_at, a.duration_ms, a.outcome, a.status_code, pgText(a.error),
    a.target_url, jsonbText(JSON.parse(a.response_headers)), pgText(a.response_body), a.next_attempt_at,
  ],
};

interface HealthRow { seq: number; hook_id: string; consecutive_failures: number; last_success_ms: number | null; last_failure_ms: number | null }

export const HOOK_HEALTH_MOVE: TableMove<HealthRow> = {
  table: 'hook_health',
  query: { table: 'hook_health', columns: 'hook_id, consecutive_failures, last_success_ms, last_failure_ms', key: 'rowid' },
  columns: [col('hook_id'), col('consecutive_failures', 'integer'), col('last_success_at', 'timestamptz'), col('last_failure_at', 'timestamptz')],
  values: (h) => [h.hook_id, h.consecutive_failures, isoOrNull(h.last_success_ms), isoOrNull(h.last_failure_ms)],
};
