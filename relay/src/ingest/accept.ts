import type { IncomingMessage } from 'node:http';
import { isCataloged } from '../catalog/catalog.js';
import type { AppDeps } from '../deps.js';
import { toEnvelope } from '../events/toEnvelope.js';
import { parseJsonBody } from '../http/json.js';
import { newId } from '../ids.js';
import type { SourceRecord } from '../store/types.js';
import { getVendorModule } from '../vendors/index.js';
import { checkEnvelopeSize } from './envelopeBound.js';
import { dedupeKeys } from './requestChecks.js';

/** Parses, normalizes and durably stores one authenticated body. Throws AppErrors for refusals. */
export interface Accepted {
  eventId: string;
  type: string;
  duplicate: boolean;
}

export async function acceptEvent(deps: AppDeps, source: SourceRecord, req: IncomingMessage, body: Buffer, receivedAt: Date): Promise<Accepted> {
  const parsed = parseJsonBody(body, deps.config.maxDepth);
  const result = getVendorModule(source.vendor).normalize(parsed, { receivedAt });
  if (!result.ok) throw result.error;
  const n = result.value;
  const keys = dedupeKeys(source.vendor, n.dedupeKey, req.headers);
  const type = `${source.vendor}.${n.vendorEvent}`;
  const origin = { id: newId('evt', receivedAt.getTime()), vendor: source.vendor, source: { id: source.id, name: source.name }, receivedAt, cataloged: isCataloged(type) };
  const envelope = toEnvelope(n, origin);
  checkEnvelopeSize(envelope, body.length);
  const contentType = req.headers['content-type'] ?? null;
  // One delivery per matching active subscription, committed with the event (nothing acknowledged is lost).
  const deliveries = deps.hooks.matching(envelope).map((hook) => ({ id: newId('dlv', receivedAt.getTime()), hook_id: hook.record.id, trigger: 'scheduled' as const }));
  const outcome = await deps.store.appendEvent({ envelope, raw: { method: req.method ?? 'POST', contentType, body }, dedupeKeys: keys, deliveries }, receivedAt);
  deps.metrics.eventReceived(envelope, outcome.duplicate);
  if (!outcome.duplicate && deliveries.length > 0) deps.engine.fresh(envelope, deliveries, receivedAt);
  return { eventId: outcome.eventId, type, duplicate: outcome.duplicate };
}
