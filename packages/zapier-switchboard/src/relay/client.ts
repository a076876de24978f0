/**
 * Every call to the relay's `/api/v1`: the base URL from the connection, the API key added by the
 * beforeRequest middleware, relay errors rendered by `relay/errors.ts`.
 */
import type { Bundle, HttpRequestOptions, HttpResponse, ZObject } from 'zapier-platform-core';
import { isTransportError, relayResponseError, unreachableError } from './errors';
import { normalizeRelayUrl } from './url';

export interface RelayCall {
  method?: 'GET' | 'POST' | 'DELETE';
  /** Below `/api/v1`, e.g. `/hooks`. */
  path: string;
  params?: Record<string, string>;
  body?: Record<string, unknown>;
  /** Statuses of 400 or more the caller handles itself (e.g. 404 on unsubscribe). */
  allowStatus?: readonly number[];
}

export interface RelayAnswer {
  status: number;
  data: unknown;
}

export function relayBase(z: ZObject, bundle: Bundle): string {
  const base = normalizeRelayUrl(bundle.authData['relay_url']);
  if (!base.ok) throw new z.errors.Error(`${base.error} Fix it in the Switchboard connection.`, 'invalid_relay_url', 400);
  return base.value;
}

export async function callRelay(z: ZObject, bundle: Bundle, call: RelayCall): Promise<RelayAnswer> {
  const base = relayBase(z, bundle);
  const options: HttpRequestOptions & { url: string } = {
    url: `${base}/api/v1${call.path}`,
    method: call.method ?? 'GET',
    ...(call.params ? { params: call.params } : {}),
    ...(call.body ? { body: call.body } : {}),
    ...(call.allowStatus ? { skipThrowForStatus: true } : {}),
  };
  let response: HttpResponse;
  try {
    response = await z.request(options);
  } catch (err) {
    if (isTransportError(err)) throw unreachableError(z, base, err);
    throw err;
  }
  if (response.status >= 400 && !call.allowStatus?.includes(response.status)) throw relayResponseError(z, response);
  return { status: response.status, data: response.status === 204 ? null : (response.data as unknown) };
}
