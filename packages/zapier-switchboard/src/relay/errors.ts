/**
 * Relay answers and transport failures turned into Zapier errors that say what to fix. One
 * renderer, used by the afterResponse middleware and by calls that inspect a status themselves.
 */
import type { HttpResponse, ZObject } from 'zapier-platform-core';
import { isRecord } from './parse';

interface RelayErrorBody {
  code: string;
  message: string;
  field?: string;
}

/** `{"error": {"code", "message", "field"?}}` (README: "Errors are always …"), or null. */
export function relayErrorBody(data: unknown): RelayErrorBody | null {
  const error = isRecord(data) ? data['error'] : undefined;
  if (!isRecord(error) || typeof error['code'] !== 'string' || typeof error['message'] !== 'string') return null;
  return typeof error['field'] === 'string'
    ? { code: error['code'], message: error['message'], field: error['field'] }
    : { code: error['code'], message: error['message'] };
}

function requestLabel(response: HttpResponse): string {
  const method = response.request.method ?? 'GET';
  const url = response.request.url ?? '';
  try {
    const { pathname } = new URL(url);
    return `${method} ${pathname}`;
  } catch {
    return method;
  }
}

function parseData(response: HttpResponse): unknown {
  try {
    return JSON.parse(response.content) as unknown;
  } catch {
    return undefined;
  }
}

/** The Zapier error for a relay answer of 400 or more. */
export function relayResponseError(z: ZObject, response: HttpResponse): Error {
  const body = relayErrorBody(parseData(response));
  const where = requestLabel(response);
  if (response.status === 401) {
    // The key was refused: the connection must be fixed, so Zapier asks the user to reconnect.
    const why = body ? `${body.message} (${body.code})` : 'the key was refused';
    return new z.errors.ExpiredAuthError(
      `Switchboard refused the API key: ${why}. Reconnect Switchboard with a key from the relay's SWITCHBOARD_API_KEYS (or the key it printed at first start).`,
    );
  }
  if (!body) {
    return new z.errors.Error(
      `Switchboard answered ${response.status} to ${where} without a Switchboard error body: check that the Relay URL points at a Switchboard relay.`,
      'unexpected_response',
      response.status,
    );
  }
  const field = body.field ? ` (field \`${body.field}\`)` : '';
  return new z.errors.Error(`Switchboard answered ${response.status} to ${where}: ${body.message}${field}`, body.code, response.status);
}

/** node-fetch's FetchError for a refused connection, an unknown host, a reset, a timeout. */
export function isTransportError(err: unknown): err is Error & { code?: string } {
  return err instanceof Error && (err.name === 'FetchError' || (err as { type?: unknown }).type === 'system');
}

export function unreachableError(z: ZObject, base: string, err: Error & { code?: string }): Error {
  const code = err.code ?? err.message;
  return new z.errors.Error(
    `Could not reach Switchboard at ${base} (${code}). Check the Relay URL in the connection and that the relay is running and reachable from the internet.`,
    'relay_unreachable',
    502,
  );
}
