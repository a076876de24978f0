import type { AppendOutcome } from '../types.js';
import type { Queryable } from './pool.js';
import { pgText } from './text.js';

/** One append of a batch, as the dedupe step sees it. */
export interface KeyedItem {
  eventId: string;
  sourceId: string;
  /** Distinct keys, in the order the caller gave them. */
  keys: string[];
  nowMs: number;
}

interface KnownKey {
  eventId: string;
  expiresMs: number;
}

interface Claim {
  sourceId: string;
  key: string;
  eventId: string;
  expiresMs: number;
}

/** Rounds of "read keys, claim keys" before giving up on a key another process keeps changing. */
const MAX_ROUNDS = 5;

const pairOf = (sourceId: string, key: string): string => JSON.stringify([sourceId, key]);

/**
 * Decides which appends of a batch are duplicates and claims the dedupe keys of the others,
 * inside the caller's transaction. Race-safe across processes: keys are claimed with
 * `INSERT ... ON CONFLICT` (an expired key is taken over, an unexpired one is not), so when two
 * relays store the same vendor event id at once, the second waits for the first to commit and
 * finds its key. When a claim loses such a race, the claims are rolled back to a savepoint and
 * the batch is decided again against the keys now committed.
 *
 * Within the batch, appends are decided in call order (the second of two same-key appends is a
 * duplicate of the first), exactly as one-by-one appends would be. Keys are claimed sorted by
 * (source, key) in one statement, so two batches never wait on each other in a cycle.
 */
export async function claimDedupeKeys(client: Queryable, items: KeyedItem[], ttlMs: number): Promise<AppendOutcome[]> {
  const pairs = items.flatMap((item) => item.keys.map((key) => ({ sourceId: item.sourceId, key })));
  if (pairs.length === 0) return items.map((item) => ({ duplicate: false, eventId: item.eventId }));
  for (let round = 1; ; round += 1) {
    const known = await knownKeys(client, pairs);
    const { outcomes, claims } = decideInOrder(items, known, ttlMs);
    if (claims.length === 0) return outcomes;
    await client.query('SAVEPOINT dedupe_claims');
    if ((await insertClaims(client, claims, ttlMs)) === claims.length) {
      await client.query('RELEASE SAVEPOINT dedupe_claims');
      return outcomes;
    }
    await client.query('ROLLBACK TO SAVEPOINT dedupe_claims');
    if (round >= MAX_ROUNDS) throw new Error(`Dedupe keys kept changing under ${MAX_ROUNDS} attempts to claim them`);
  }
}

async function knownKeys(client: Queryable, pairs: { sourceId: string; key: string }[]): Promise<Map<string, KnownKey>> {
  const result = await client.query<{ source_id: string; key: string; event_id: string; expires_at: Date }>(
    `SELECT k.source_id, k.key, k.event_id, k.expires_at
       FROM unnest($1::text[], $2::text[]) AS q (source_id, key)
       JOIN dedupe_keys k ON k.source_id = q.source_id AND k.key = q.key`,
    [pairs.map((pair) => pgText(pair.sourceId)), pairs.map((pair) => pgText(pair.key))],
  );
  const known = new Map<string, KnownKey>();
  for (const row of result.rows) {
    known.set(pairOf(row.source_id, row.key), { eventId: row.event_id, expiresMs: row.expires_at.getTime() });
  }
  return known;
}

/** Pure: the outcome of each append in call order, and the keys the new events must claim. */
export function decideInOrder(
  items: KeyedItem[],
  known: ReadonlyMap<string, KnownKey>,
  ttlMs: number,
): { outcomes: AppendOutcome[]; claims: Claim[] } {
  const seen = new Map(known);
  const claims = new Map<string, Claim>();
  const outcomes = items.map((item): AppendOutcome => {
    for (const key of item.keys) {
      const hit = seen.get(pairOf(pgText(item.sourceId), pgText(key)));
      // An expired key still in the table counts as absent and is taken over.
      if (hit && hit.expiresMs > item.nowMs) return { duplicate: true, eventId: hit.eventId };
    }
    const expiresMs = item.nowMs + ttlMs;
    for (const key of item.keys) {
      const pair = pairOf(pgText(item.sourceId), pgText(key));
      seen.set(pair, { eventId: item.eventId, expiresMs });
      claims.set(pair, { sourceId: pgText(item.sourceId), key: pgText(key), eventId: item.eventId, expiresMs });
    }
    return { duplicate: false, eventId: item.eventId };
  });
  return { outcomes, claims: [...claims.values()] };
}

/** Answers how many keys were claimed: all of them, unless another process holds one unexpired. */
async function insertClaims(client: Queryable, claims: Claim[], ttlMs: number): Promise<number> {
  const result = await client.query(
    `INSERT INTO dedupe_keys (source_id, key, event_id, expires_at)
     SELECT source_id, key, event_id, expires_at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS c (source_id, key, event_id, expires_at)
      ORDER BY source_id, key
     ON CONFLICT (source_id, key) DO UPDATE SET event_id = EXCLUDED.event_id, expires_at = EXCLUDED.expires_at
      WHERE dedupe_keys.expires_at <= EXCLUDED.expires_at - $5::double precision * interval '1 millisecond'
     RETURNING 1`,
    [
      claims.map((claim) => claim.sourceId),
      claims.map((claim) => claim.key),
      claims.map((claim) => claim.eventId),
      claims.map((claim) => new Date(claim.expiresMs).toISOString()),
      ttlMs,
    ],
  );
  return result.rowCount ?? 0;
}
