/** The relay routes this app uses (README "API"), typed at the edge. */
import type { Bundle, ZObject } from 'zapier-platform-core';
import type { EventEnvelope } from '../catalog/catalog';
import { isVendor, type Vendor } from '../vendors';
import { callRelay } from './client';
import { isRecord, parseEnvelope, parseList, parseSubscribedHook, type Parsed, type SubscribedHook } from './parse';

function orThrow<T>(z: ZObject, parsed: Parsed<T>, what: string): T {
  if (parsed.ok) return parsed.value;
  throw new z.errors.Error(`Switchboard sent an unexpected ${what}: ${parsed.error}`, 'unexpected_response', 502);
}

/** `GET /me`: the credential test. Refuses a 200 that is not a Switchboard relay's answer. */
export async function getMe(z: ZObject, bundle: Bundle): Promise<Record<string, unknown>> {
  const { data } = await callRelay(z, bundle, { path: '/me' });
  if (!isRecord(data) || data['ok'] !== true) {
    throw new z.errors.Error(
      'The Relay URL answered GET /api/v1/me, but not as a Switchboard relay (expected {"ok": true}): check the Relay URL.',
      'not_a_relay',
      502,
    );
  }
  return data;
}

export interface EventTypeOption {
  type: string;
  vendor: Vendor;
  title: string;
}

export async function listEventTypes(z: ZObject, bundle: Bundle): Promise<EventTypeOption[]> {
  const { data } = await callRelay(z, bundle, { path: '/event-types' });
  return orThrow(z, parseList(data, 'event types'), 'event type list').flatMap((item) => {
    if (!isRecord(item) || typeof item['type'] !== 'string' || !isVendor(item['vendor'])) return [];
    const title = typeof item['title'] === 'string' ? item['title'] : item['type'];
    return [{ type: item['type'], vendor: item['vendor'], title }];
  });
}

export interface EventQuery {
  type?: string;
  vendor?: Vendor;
  source_id?: string;
  limit: number;
}

/** `GET /events`, newest first. An item that is not a well-formed event is skipped and logged. */
export async function listEvents(z: ZObject, bundle: Bundle, query: EventQuery): Promise<EventEnvelope[]> {
  const params: Record<string, string> = { limit: String(query.limit) };
  if (query.type) params['type'] = query.type;
  if (query.vendor) params['vendor'] = query.vendor;
  if (query.source_id) params['source_id'] = query.source_id;
  const { data } = await callRelay(z, bundle, { path: '/events', params });
  return orThrow(z, parseList(data, 'events'), 'event list').flatMap((item) => {
    const parsed = parseEnvelope(item);
    if (parsed.ok) return [parsed.value];
    z.console.log(`Skipped an event the relay listed: ${parsed.error}`);
    return [];
  });
}

export interface HookRequest {
  target_url: string;
  event_types: string[];
  source_id?: string;
  name: string;
  description: string;
}

/** `POST /hooks`: 201 new, or 200 with the same subscription (idempotent); both carry the secret. */
export async function createHook(z: ZObject, bundle: Bundle, hook: HookRequest): Promise<SubscribedHook> {
  const { data } = await callRelay(z, bundle, { method: 'POST', path: '/hooks', body: { ...hook } });
  return orThrow(z, parseSubscribedHook(data), 'subscription');
}

/** `DELETE /hooks/:id`; a hook already gone (404: deleted by hand, or by the relay after a 410) is fine. */
export async function deleteHook(z: ZObject, bundle: Bundle, id: string): Promise<'deleted' | 'already_gone'> {
  const answer = await callRelay(z, bundle, { method: 'DELETE', path: `/hooks/${encodeURIComponent(id)}`, allowStatus: [404] });
  return answer.status === 404 ? 'already_gone' : 'deleted';
}

export interface SourceOption {
  id: string;
  name: string;
  vendor: Vendor;
  active: boolean;
}

export async function listSources(z: ZObject, bundle: Bundle, vendor: Vendor | null): Promise<SourceOption[]> {
  const { data } = await callRelay(z, bundle, { path: '/sources', ...(vendor ? { params: { vendor } } : {}) });
  return orThrow(z, parseList(data, 'sources'), 'source list').flatMap((item) => {
    if (!isRecord(item) || typeof item['id'] !== 'string' || !isVendor(item['vendor'])) return [];
    const name = typeof item['name'] === 'string' ? item['name'] : item['id'];
    return [{ id: item['id'], name, vendor: item['vendor'], active: item['active'] !== false }];
  });
}
