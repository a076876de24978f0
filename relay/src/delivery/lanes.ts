/**
 * Which deliveries each subscription has in flight, so no delivery is ever attempted twice at
 * once (a scan, a manual retry, a queue job) and every lane's slots come back.
 *
 * Per subscription: deliveries whose request is out (`sending`, what the concurrency limits
 * count) and deliveries answered but not yet recorded (`recording`). Both are kept out of scans
 * (the row is still pending until its record commits), but only `sending` holds a slot, so the
 * commit wait does not throttle a subscription.
 *
 * Balance is structural: `start` hands out at most one ticket per delivery id (a second start
 * while the first ticket is held is refused with null), and a ticket moves only forward,
 * sending → recording → released, each step once, so whatever path an attempt takes (success,
 * failure, a throw anywhere, a timeout, a stop) the `done()` in its `finally` gives back exactly
 * what it took.
 *
 * Also the deliveries settled while a scan runs: a store whose reads are asynchronous
 * (PostgreSQL) can answer a scan's query from before an attempt's record committed; such a row
 * looks pending but must not be attempted again.
 */
/** Answered-but-unrecorded attempts a lane may hold, as a multiple of its capacity (see `free`). */
export const RECORDING_FACTOR = 4;

interface Lane {
  sending: Set<string>;
  recording: Set<string>;
}

export interface Ticket {
  /** The subscriber answered (or failed): free the slot, keep the id out of scans. Idempotent. */
  sent(): void;
  /** The attempt is recorded (or abandoned): give back whatever the ticket still holds. Idempotent. */
  done(): void;
}

type Phase = 'sending' | 'recording' | 'released';

export class Lanes {
  readonly #lanes = new Map<string, Lane>();
  readonly #settledDuringScan = new Set<string>();
  readonly #onChange: (sending: number) => void;
  #sending = 0;
  #scanning = false;

  constructor(onChange: (sending: number) => void = () => undefined) {
    this.#onChange = onChange;
  }

  /** Requests out now, over all subscriptions. */
  get sending(): number {
    return this.#sending;
  }

  /**
   * Slots left in a subscription's lane of `capacity`. Answered attempts still waiting for their
   * record do not hold a slot, but no more than `RECORDING_FACTOR` × capacity of them may pile up:
   * past that the lane waits for the store (backpressure), instead of holding ever more answered
   * attempts in memory while the writer falls behind.
   */
  free(hookId: string, capacity: number): number {
    const lane = this.#lanes.get(hookId);
    if (!lane) return capacity;
    return Math.min(capacity - lane.sending.size, RECORDING_FACTOR * capacity - lane.sending.size - lane.recording.size);
  }

  /** Ids a scan must exclude for this subscription. */
  busy(hookId: string): string[] {
    const lane = this.#lanes.get(hookId);
    return lane ? [...lane.sending, ...lane.recording] : [];
  }

  /** True if the delivery holds a ticket now (its request is out, or its record is being written). */
  holds(hookId: string, deliveryId: string): boolean {
    const lane = this.#lanes.get(hookId);
    return Boolean(lane?.sending.has(deliveryId) || lane?.recording.has(deliveryId));
  }

  /** True if a due row the store just returned must not be attempted (in flight, or settled meanwhile). */
  taken(hookId: string, deliveryId: string): boolean {
    return this.holds(hookId, deliveryId) || this.#settledDuringScan.has(deliveryId);
  }

  beginScan(): void {
    this.#scanning = true;
    this.#settledDuringScan.clear();
  }

  endScan(): void {
    this.#scanning = false;
    this.#settledDuringScan.clear();
  }

  /**
   * The delivery's one ticket, holding a slot of its lane; null while another ticket for the same
   * delivery is held (the caller must not attempt it now). Never throws.
   */
  start(hookId: string, deliveryId: string): Ticket | null {
    if (this.holds(hookId, deliveryId)) return null;
    const lane = this.#lane(hookId);
    lane.sending.add(deliveryId);
    this.#changeSending(+1);
    let phase: Phase = 'sending';
    return {
      sent: () => {
        if (phase !== 'sending') return;
        phase = 'recording';
        lane.sending.delete(deliveryId);
        lane.recording.add(deliveryId);
        this.#changeSending(-1);
      },
      done: () => {
        if (phase === 'released') return;
        if (phase === 'sending') {
          lane.sending.delete(deliveryId);
          this.#changeSending(-1);
        } else {
          lane.recording.delete(deliveryId);
        }
        phase = 'released';
        if (this.#scanning) this.#settledDuringScan.add(deliveryId);
        if (lane.sending.size === 0 && lane.recording.size === 0 && this.#lanes.get(hookId) === lane) this.#lanes.delete(hookId);
      },
    };
  }

  #lane(hookId: string): Lane {
    let lane = this.#lanes.get(hookId);
    if (!lane) {
      lane = { sending: new Set(), recording: new Set() };
      this.#lanes.set(hookId, lane);
    }
    return lane;
  }

  #changeSending(delta: number): void {
    this.#sending += delta;
    this.#onChange(this.#sending);
  }
}
