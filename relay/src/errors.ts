/**
 * The one catalogue of coded errors. Handlers throw `AppError`s; `http/errorHandler.ts`
 * renders them as `{"error": {"code", "message", "field"?}}`. Anything else becomes a 500
 * that leaks nothing.
 */
export const ERROR_STATUS = {
  // 400
  invalid_json: 400,
  empty_body: 400,
  too_deep: 400,
  missing_field: 400,
  invalid_field: 400,
  invalid_request: 400,
  invalid_cursor: 400,
  invalid_target_url: 400,
  invalid_filter: 400,
  invalid_template: 400,
  // 401 / 403 / 404
  missing_api_key: 401,
  invalid_api_key: 401,
  missing_token: 401,
  invalid_token: 401,
  invalid_session: 401,
  csrf_failed: 403,
  source_disabled: 403,
  not_found: 404,
  source_not_found: 404,
  event_not_found: 404,
  route_not_found: 404,
  // 405 / 409 / 413 / 415 / 429
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  // 5xx
  internal: 500,
  not_ready: 503,
  storage_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; field?: string };
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly field: string | undefined;
  /** Extra response headers, e.g. `Allow` for 405 or `Retry-After` for 429. */
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, opts: { field?: string; headers?: Record<string, string> } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.field = opts.field;
    this.headers = opts.headers ?? {};
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.field !== undefined ? { field: this.field } : {}) } };
  }
}

/** `Expected `name` to be …, got …` — the phrasing every validation message uses. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(shown);
  }
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

export function missingField(field: string, what: string): AppError {
  return new AppError('missing_field', `Missing \`${field}\`: ${what}.`, { field });
}

/**
 * A key the body may not hold. The key is the caller's own text: it is shown quoted and cut
 * (`describeValue`) and named in `field` up to 100 characters, so an empty or huge key stays readable.
 */
export function unknownField(key: string, allowed: readonly string[], { prefix = '', context = '' }: { prefix?: string; context?: string } = {}): AppError {
  const shown = prefix ? describeValue(`${prefix}${key}`) : describeValue(key);
  return new AppError('invalid_field', `Unknown field ${shown}${context}; allowed: ${allowed.join(', ')}.`, { field: `${prefix}${key}`.slice(0, 100) });
}

export function invalidField(field: string, expected: string, got: unknown): AppError {
  return new AppError('invalid_field', `Expected \`${field}\` to be ${expected}, got ${describeValue(got)}.`, { field });
}
