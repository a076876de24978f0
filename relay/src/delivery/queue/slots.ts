/**
 * A process-wide bound on delivery attempts in flight (SWITCHBOARD_DELIVERY_CONCURRENCY), shared
 * by the workers of every subscription queue. Each worker takes at most its subscription's limit
 * of jobs, so a hanging subscriber holds at most that many slots and the rest stay free for the
 * others. Waiters are served first come, first served.
 */
export class Slots {
  readonly #size: number;
  readonly #waiting: (() => void)[] = [];
  #taken = 0;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`Expected \`size\` to be an integer >= 1, got ${size}`);
    this.#size = size;
  }

  /** Slots held now. */
  get taken(): number {
    return this.#taken;
  }

  /** Resolves once a slot is free, with the function that gives it back (calling it twice gives back one). */
  async acquire(): Promise<() => void> {
    if (this.#taken < this.#size) this.#taken += 1;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve)); // the slot is handed over by release
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      const next = this.#waiting.shift();
      if (next) next();
      else this.#taken -= 1;
    };
  }
}
