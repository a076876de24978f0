/**
 * Recently ingested events, kept in memory so the delivery engine does not read and parse the
 * stored envelope again for every subscriber and every retry. Bounded (least recently used out);
 * a miss falls back to the store, so the cache is only ever a shortcut, never the truth.
 * Also keeps each event's default body (`JSON.stringify(envelope)`), made once for all
 * subscribers without a payload template.
 */
import type { EventEnvelope } from '../events/envelope.js';
import type { Store } from '../store/types.js';

interface Entry {
  event: EventEnvelope;
  body: string | null;
}

export class EventCache {
  readonly #max: number;
  readonly #entries = new Map<string, Entry>();

  /**
   * @param max entries kept. @default 2000: a parsed envelope takes ~10 KB of heap, and the cache
   * serves the first attempts of recent events (at 1,000 events/s, the last 2 s); retries a minute
   * later, or a backlog longer than that, read the store anyway. 10,000 held ~100 MB for no gain.
   */
  constructor(max = 2_000) {
    this.#max = max;
  }

  put(event: EventEnvelope): void {
    this.#entries.delete(event.id);
    this.#entries.set(event.id, { event, body: null });
    if (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  get(id: string): EventEnvelope | undefined {
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    this.#entries.delete(id);
    this.#entries.set(id, entry);
    return entry.event;
  }

  /** From memory when recent, else from the store (and then kept for its retries). */
  async load(id: string, store: Pick<Store, 'getEvent'>): Promise<EventEnvelope | null> {
    const cached = this.get(id);
    if (cached) return cached;
    const stored = (await store.getEvent(id))?.envelope ?? null;
    if (stored) this.put(stored);
    return stored;
  }

  /** The event as JSON, serialized once per cached event. */
  body(event: EventEnvelope): string {
    const entry = this.#entries.get(event.id);
    if (!entry || entry.event !== event) return JSON.stringify(event);
    entry.body ??= JSON.stringify(event);
    return entry.body;
  }

  get size(): number {
    return this.#entries.size;
  }
}
