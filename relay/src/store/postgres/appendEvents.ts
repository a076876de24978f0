import type { AppendOutcome, EventInsert, NewDelivery } from '../types.js';
import { claimDedupeKeys } from './dedupeClaims.js';
import type { Queryable } from './pool.js';
import { pgText } from './text.js';

const HOUR_MS = 60 * 60 * 1000;

export interface AppendItem {
  insert: EventInsert;
  now: Date;
}

/**
 * Appends a batch of events with their deliveries, set-based: one statement reads the batch's
 * dedupe keys, one claims them, one inserts the new events and one their deliveries, whatever
 * the batch size. Runs inside the caller's transaction; an error (say, a repeated event id)
 * fails the whole batch, and the group committer then retries each append alone.
 */
export async function appendEvents(client: Queryable, items: AppendItem[], dedupeTtlHours: number): Promise<AppendOutcome[]> {
  const keyed = items.map(({ insert, now }) => ({
    eventId: insert.envelope.id,
    sourceId: insert.envelope.source.id,
    keys: [...new Set(insert.dedupeKeys)],
    nowMs: now.getTime(),
  }));
  const outcomes = await claimDedupeKeys(client, keyed, dedupeTtlHours * HOUR_MS);
  const fresh = items.filter((_, index) => outcomes[index]?.duplicate === false);
  if (fresh.length > 0) {
    await insertEvents(client, fresh);
    await insertDeliveries(
      client,
      fresh.flatMap(({ insert, now }) =>
        (insert.deliveries ?? []).map((delivery) => ({ ...delivery, eventId: insert.envelope.id, eventType: insert.envelope.type, now })),
      ),
    );
  }
  return outcomes;
}

async function insertEvents(client: Queryable, items: AppendItem[]): Promise<void> {
  const column = <T>(pick: (item: AppendItem) => T): T[] => items.map(pick);
  await client.query(
    `INSERT INTO events (id, source_id, vendor, type, received_at, envelope, raw_method, raw_content_type, raw_body)
     SELECT id, source_id, vendor, type, received_at, envelope::json, raw_method, raw_content_type, raw_body
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::bytea[])
            WITH ORDINALITY AS e (id, source_id, vendor, type, received_at, envelope, raw_method, raw_content_type, raw_body, ord)
      ORDER BY ord`,
    [
      column(({ insert }) => insert.envelope.id),
      column(({ insert }) => pgText(insert.envelope.source.id)),
      column(({ insert }) => insert.envelope.vendor),
      column(({ insert }) => pgText(insert.envelope.type)),
      column(({ insert, now }) => receivedAt(insert.envelope.received_at, now)),
      column(({ insert }) => JSON.stringify(insert.envelope)),
      column(({ insert }) => pgText(insert.raw.method)),
      column(({ insert }) => pgText(insert.raw.contentType)),
      column(({ insert }) => insert.raw.body),
    ],
  );
}

/** The envelope's time if it is one, else the append's `now` (as the embedded store does). */
function receivedAt(text: string, now: Date): string {
  const ms = Date.parse(text);
  return new Date(Number.isNaN(ms) ? now.getTime() : ms).toISOString();
}

export interface DeliveryInsert extends NewDelivery {
  eventId: string;
  eventType: string;
  now: Date;
}

/** New deliveries, `pending` and due at their `now`, in one statement. */
export async function insertDeliveries(client: Queryable, deliveries: DeliveryInsert[]): Promise<void> {
  if (deliveries.length === 0) return;
  await client.query(
    `INSERT INTO deliveries (id, event_id, event_type, hook_id, trigger, status, next_attempt_at, created_at, updated_at)
     SELECT id, event_id, event_type, hook_id, trigger, 'pending', at, at, at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
            WITH ORDINALITY AS d (id, event_id, event_type, hook_id, trigger, at, ord)
      ORDER BY ord`,
    [
      deliveries.map((d) => d.id),
      deliveries.map((d) => d.eventId),
      deliveries.map((d) => pgText(d.eventType)),
      deliveries.map((d) => d.hook_id),
      deliveries.map((d) => d.trigger),
      deliveries.map((d) => d.now.toISOString()),
    ],
  );
}
