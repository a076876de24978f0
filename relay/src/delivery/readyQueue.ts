import type { DeliveryRecord } from '../store/types.js';

/**
 * Deliveries just committed with their event, kept in memory per subscription so the engine can
 * start them without asking the store (at 1,000 events/s × 3 subscribers the look-ups were the
 * ingest thread's largest single cost; docs/performance.md). The store stays the queue: every
 * delivery here is also a pending row, so a crash loses nothing, and whatever does not fit here
 * is found by a look-up.
 *
 * Per subscription the queue also says whether the store may hold due rows that are not here
 * (`mayHaveStored`): after a start, a retry coming due, a replay or recover, or an overflow. The
 * engine asks the store only then, and `drained` clears the flag when a look-up came back short.
 * A generation number per subscription keeps a look-up that started before a new mark from
 * clearing it (asynchronous stores).
 *
 * Each delivery leaves the queue once, through `take` or `remove`, so the scan that launches it
 * and a manual retry cannot both start it from here.
 */
export class ReadyQueue {
  readonly #byHook = new Map<string, Map<string, DeliveryRecord>>();
  readonly #stored = new Set<string>();
  readonly #generation = new Map<string, number>();
  #allStored = true;
  readonly #capacityPerHook: number;

  constructor(capacityPerHook = 256) {
    this.#capacityPerHook = capacityPerHook;
  }

  /** Fresh pending deliveries, due now. Over capacity they stay only in the store (marked). */
  add(deliveries: readonly DeliveryRecord[]): void {
    for (const delivery of deliveries) {
      let queue = this.#byHook.get(delivery.hook_id);
      if (!queue) {
        queue = new Map();
        this.#byHook.set(delivery.hook_id, queue);
      }
      if (queue.size >= this.#capacityPerHook) this.markStored(delivery.hook_id);
      else queue.set(delivery.id, delivery);
    }
  }

  /** Up to `count` of a subscription's deliveries, oldest first, removed from the queue. */
  take(hookId: string, count: number): DeliveryRecord[] {
    const queue = this.#byHook.get(hookId);
    if (!queue || count <= 0) return [];
    const taken: DeliveryRecord[] = [];
    for (const [id, delivery] of queue) {
      if (taken.length >= count) break;
      queue.delete(id);
      taken.push(delivery);
    }
    if (queue.size === 0) this.#byHook.delete(hookId);
    return taken;
  }

  /** One delivery is being started elsewhere (a scan's look-up, a manual retry). */
  remove(hookId: string, deliveryId: string): void {
    const queue = this.#byHook.get(hookId);
    if (queue?.delete(deliveryId) && queue.size === 0) this.#byHook.delete(hookId);
  }

  /** A subscription is gone: forget its deliveries (the store cancels them). */
  drop(hookId: string): void {
    this.#byHook.delete(hookId);
    this.#stored.delete(hookId);
    this.#generation.delete(hookId);
  }

  size(hookId: string): number {
    return this.#byHook.get(hookId)?.size ?? 0;
  }

  /** The store may hold due rows of `hookId`, or of every subscription when none is named. */
  markStored(hookId?: string): void {
    if (hookId === undefined) {
      this.#allStored = true;
      return;
    }
    this.#stored.add(hookId);
    this.#bump(hookId);
  }

  /** At the start of a scan: a mark for every subscription becomes a mark on each of `hookIds`. */
  expandMarks(hookIds: Iterable<string>): void {
    if (!this.#allStored) return;
    this.#allStored = false;
    for (const id of hookIds) this.markStored(id);
  }

  mayHaveStored(hookId: string): boolean {
    return this.#allStored || this.#stored.has(hookId);
  }

  /** Taken before a look-up; pass it to `drained`. */
  generation(hookId: string): number {
    return this.#generation.get(hookId) ?? 0;
  }

  /** A look-up started at `generation` returned fewer rows than asked: nothing more is due in the store. */
  drained(hookId: string, generation: number): void {
    if (this.#allStored || this.generation(hookId) !== generation) return;
    this.#stored.delete(hookId);
  }

  #bump(hookId: string): void {
    this.#generation.set(hookId, this.generation(hookId) + 1);
  }
}
