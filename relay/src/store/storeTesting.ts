import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EventEnvelope } from '../events/envelope.js';
import type { Vendor } from '../vendors/types.js';
import { DEFAULT_STORE_LIMITS } from './limits.js';
import { SqliteEventLog } from './sqlite/eventLog.js';
import { openEventDatabase } from './sqlite/schema.js';
import type { EventInsert, StoreLimits } from './types.js';

/** Helpers for the store's own tests (real files in a temp folder, one valid event to vary). */

export async function makeTempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-store-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

let counter = 0;

export interface InsertShape {
  id?: string;
  sourceId?: string;
  vendor?: Vendor;
  vendorEvent?: string;
  receivedAt?: Date;
  dedupeKeys?: string[];
  body?: Buffer;
}

/** A valid insert; each call gets a fresh event id unless one is given. */
export function makeInsert(shape: InsertShape = {}): EventInsert {
  counter += 1;
  const vendor = shape.vendor ?? 'clarky';
  const vendorEvent = shape.vendorEvent ?? 'booking.confirmed';
  const receivedAt = (shape.receivedAt ?? new Date('2026-03-03T15:01:09.250Z')).toISOString();
  const envelope: EventEnvelope = {
    id: shape.id ?? `evt_test${String(counter).padStart(8, '0')}`,
    type: `${vendor}.${vendorEvent}`,
    vendor,
    vendor_event: vendorEvent,
    cataloged: true,
    occurred_at: receivedAt,
    received_at: receivedAt,
    source: { id: shape.sourceId ?? 'src_a', name: 'Front desk' },
    person: null,
    data: { n: counter },
    warnings: [],
  };
  return {
    envelope,
    raw: { method: 'POST', contentType: 'application/json', body: shape.body ?? Buffer.from(`{"n":${counter}}`) },
    dedupeKeys: shape.dedupeKeys ?? [],
  };
}

/** Lets every pending `setImmediate` (a scheduled group commit) run. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** An event log on `file` (or ':memory:'), with the default limits unless overridden. */
export function openEventLog(
  file: string,
  limits: Partial<StoreLimits> = {},
  options: { pruneChunk?: number } = {},
): SqliteEventLog {
  return new SqliteEventLog(openEventDatabase(file), { ...DEFAULT_STORE_LIMITS, ...limits }, options);
}
