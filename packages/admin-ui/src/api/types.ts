/** The shapes the admin page reads from /api/v1 (README, "API"). Only what the page uses. */

export type Vendor = 'clockwork' | 'clockwise_md' | 'clarityflow' | 'clarky';
export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'cancelled';

export interface SessionInfo {
  signed_in: true;
  auth: 'session' | 'bearer';
  key: { id: string; hint: string; origin: string };
  csrf_token?: string;
  expires_at?: string;
}

/** `GET /session` without a valid session: a normal answer (200), with why when a session ended. */
export interface SignedOut {
  signed_in: false;
  reason: string | null;
}

export interface Source {
  id: string;
  vendor: Vendor;
  vendor_name: string;
  name: string;
  description: string | null;
  active: boolean;
  ingest_base_url: string;
  ingest_url_template: string;
  token_hint: string;
  preferred_auth: string;
  created_at: string;
  updated_at: string;
}

export interface SourceWithSecret extends Source {
  token: string;
  ingest_url: string;
  setup_steps: string[];
}

export interface Rejection {
  id: string;
  received_at: string;
  method: string;
  status: number;
  code: string;
  reason: string;
  content_type: string | null;
  body_excerpt: string;
  body_bytes: number;
}

export interface EventType {
  type: string;
  vendor: Vendor;
  vendor_event: string;
  title: string;
  description: string;
  sample: EventEnvelope;
}

export interface EventEnvelope {
  id: string;
  type: string;
  vendor: Vendor;
  vendor_event: string;
  cataloged: boolean;
  occurred_at: string;
  received_at: string;
  source: { id: string; name: string };
  person: { email: string | null; first_name: string | null; last_name: string | null; phone: string | null } | null;
  data: Record<string, unknown>;
  warnings: string[];
}

export interface RawBody {
  event_id: string;
  method: string;
  content_type: string | null;
  body_bytes: number;
  body: string;
}

export type HookAuth =
  | { type: 'none' }
  | { type: 'bearer'; token: string }
  | { type: 'basic'; username: string; password: string }
  | { type: 'header'; name: string; value: string };

export type HttpMethod = 'POST' | 'PUT' | 'PATCH';

export interface Hook {
  id: string;
  target_url: string;
  event_types: string[];
  source_id: string | null;
  name: string | null;
  description: string | null;
  http_method: HttpMethod;
  auth: HookAuth;
  retry_enabled: boolean;
  retry_attempts: number;
  retry_schedule: number[] | null;
  filter: Record<string, unknown> | null;
  payload_template: string | null;
  active: boolean;
  disabled_reason: string | null;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface HookWithSecret extends Hook {
  secret: string;
}

export interface Attempt {
  id: string;
  number: number;
  trigger: string;
  started_at: string;
  duration_ms: number;
  outcome: string;
  status_code: number | null;
  error: string | null;
  response_headers: Record<string, string>;
  response_body: string | null;
  next_attempt_at: string | null;
}

export interface Delivery {
  id: string;
  event_id: string;
  event_type: string;
  hook_id: string;
  trigger: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  attempts_log: Attempt[];
}

export interface AttemptResult {
  delivery_id: string;
  outcome: string;
  delivery_status: DeliveryStatus;
  attempt: Attempt;
}

export type Counts = Record<DeliveryStatus, number>;

export interface Stats {
  generated_at: string;
  last_hour: { since: string; events: number; deliveries: Counts };
  last_day: { since: string; events: number; deliveries: Counts };
  last_event_at: string | null;
  queue: { pending: number; due: number };
  sources: { total: number; active: number };
  subscriptions: { total: number; active: number; disabled: number; inactive: number };
  attention: {
    hook_id: string;
    name: string | null;
    target_url: string;
    active: boolean;
    reason: string;
    consecutive_failures: number;
    last_failure_at: string | null;
    last_success_at: string | null;
  }[];
  health: { hook_id: string; consecutive_failures: number; last_success_at: string | null; last_failure_at: string | null }[];
}

export interface Preview {
  event: EventEnvelope;
  event_from: 'stored' | 'catalog';
  body: string | null;
  template_error: ApiErrorBody['error'] | null;
  filter_matches: boolean | null;
  filter_error: ApiErrorBody['error'] | null;
}

export interface ApiErrorBody {
  error: { code: string; message: string; field?: string };
}

export interface Page<T> {
  data: T[];
  next_cursor?: string | null;
}
