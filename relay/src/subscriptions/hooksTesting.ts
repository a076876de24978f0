/**
 * Helpers for the subscriptions tests: a Map-based store with the hook methods of `ConfigStore`
 * (plus `getSource`), and one valid hook and event to vary.
 */
import type { EventEnvelope } from '../events/envelope.js';
import type { ConfigStore, HookPatch, HookRecord, SourceRecord } from '../store/types.js';
import type { HookStore } from './registry.js';

const copy = <T>(value: T): T => structuredClone(value);

export class MemoryHookStore implements HookStore, Pick<ConfigStore, 'getHook' | 'getSource'> {
  readonly hooks = new Map<string, HookRecord>();
  readonly sources = new Map<string, SourceRecord>();
  /** Writes in the order they were applied, e.g. `update:hook_1`. */
  readonly writes: string[] = [];
  /** When set, the next write rejects with it and changes nothing. */
  failNext: Error | null = null;
  /** Milliseconds each write waits before it applies, to let calls overlap. */
  delayMs = 0;
  /** Per-write waits, used up first to last before `delayMs` applies. */
  delays: number[] = [];
  /** The most writes that were ever in progress at once. */
  maxInFlight = 0;
  private inFlight = 0;

  constructor(records: readonly HookRecord[] = [], sourceIds: readonly string[] = []) {
    for (const record of records) this.hooks.set(record.id, copy(record));
    for (const id of sourceIds) this.sources.set(id, sourceRecord(id));
  }

  async listHooks(): Promise<HookRecord[]> {
    return [...this.hooks.values()].map(copy);
  }

  async getHook(id: string): Promise<HookRecord | null> {
    const found = this.hooks.get(id);
    return found ? copy(found) : null;
  }

  async createHook(record: HookRecord): Promise<HookRecord> {
    await this.beforeWrite();
    if (this.hooks.has(record.id)) throw new Error(`hook ${record.id} exists`);
    this.hooks.set(record.id, copy(record));
    this.writes.push(`create:${record.id}`);
    return copy(record);
  }

  async updateHook(id: string, patch: HookPatch, now: Date): Promise<HookRecord | null> {
    await this.beforeWrite();
    const found = this.hooks.get(id);
    if (!found) return null;
    const updated: HookRecord = { ...found, ...copy(patch), updated_at: now.toISOString() };
    this.hooks.set(id, updated);
    this.writes.push(`update:${id}`);
    return copy(updated);
  }

  async deleteHook(id: string): Promise<boolean> {
    await this.beforeWrite();
    this.writes.push(`delete:${id}`);
    return this.hooks.delete(id);
  }

  async getSource(id: string): Promise<SourceRecord | null> {
    return this.sources.get(id) ?? null;
  }

  private async beforeWrite(): Promise<void> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const wait = this.delays.shift() ?? this.delayMs;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    this.inFlight -= 1;
    const failure = this.failNext;
    this.failNext = null;
    if (failure) throw failure;
  }
}

export function sourceRecord(id: string): SourceRecord {
  return {
    id,
    vendor: 'clarky',
    name: `Source ${id}`,
    description: null,
    active: true,
    token_hash: '0'.repeat(64),
    token_hint: 'abcd',
    previous_token_hash: null,
    previous_token_expires_at: null,
    created_at: '2026-03-01T00:00:00.000Z',
    updated_at: '2026-03-01T00:00:00.000Z',
  };
}

let counter = 0;

/** A valid stored hook: every Clarky event, no filter, bearer auth. */
export function hookRecord(overrides: Partial<HookRecord> = {}): HookRecord {
  counter += 1;
  return {
    id: `hook_test${String(counter).padStart(6, '0')}`,
    target_url: 'https://n8n.example.com/webhook/abc',
    event_types: ['clarky.*'],
    source_id: null,
    name: null,
    description: null,
    http_method: 'POST',
    auth: { type: 'bearer', token: 'tok_live_0123456789abcdef' },
    retry_enabled: true,
    retry_attempts: 3,
    retry_schedule: null,
    filter: null,
    payload_template: null,
    active: true,
    disabled_reason: null,
    disabled_at: null,
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    created_at: new Date(Date.UTC(2026, 2, 1) + counter * 1000).toISOString(),
    updated_at: '2026-03-01T00:00:00.000Z',
    ...overrides,
  };
}

/** A valid event: a confirmed Clarky booking from `src_a`. */
export function eventEnvelope(overrides: Partial<EventEnvelope> = {}): EventEnvelope {
  return {
    id: 'evt_test',
    type: 'clarky.booking.confirmed',
    vendor: 'clarky',
    vendor_event: 'booking.confirmed',
    cataloged: true,
    occurred_at: '2026-03-03T15:01:09.012Z',
    received_at: '2026-03-03T15:01:09.250Z',
    source: { id: 'src_a', name: 'Front desk' },
    person: { email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace', phone: null },
    data: { booking: { status: 'confirmed', seats: 2 } },
    warnings: [],
    ...overrides,
  };
}
