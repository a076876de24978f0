/**
 * The only code that talks to the relay. Same-origin `fetch` with the session cookie; requests
 * that change anything carry the session's CSRF token (see relay/src/auth/sessions.ts). A 401
 * ends the page's session so the sign-in form comes back with the reason.
 */
import type { ApiErrorBody } from './types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrf: string | null = null;
let onSignedOut: (reason: string) => void = () => undefined;

export function setCsrf(token: string | null): void {
  csrf = token;
}

export function whenSignedOut(listener: (reason: string) => void): void {
  onSignedOut = listener;
}

const UNREACHABLE = 'Cannot reach the relay. Check that it is running and that this page is opened from its own address, then try again.';

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['x-switchboard-csrf'] = csrf;
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, { method, headers, credentials: 'same-origin', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  } catch {
    throw new ApiError(0, 'network', UNREACHABLE);
  }
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError(res.status, 'bad_response', `The relay answered ${res.status} with something that is not JSON. Is another server running at this address?`);
  }
  if (!res.ok) {
    const error = (parsed as ApiErrorBody | null)?.error;
    const failure = new ApiError(res.status, error?.code ?? 'http_error', error?.message ?? `The relay answered ${res.status}.`, error?.field);
    if (res.status === 401 && path !== '/session') onSignedOut(failure.message);
    throw failure;
  }
  return parsed as T;
}

/** `?a=1&b=2` from the defined, non-empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
