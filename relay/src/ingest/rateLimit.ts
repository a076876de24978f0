/**
 * Fixed-window counters by key (a source id, a client address). A fixed window is enough here:
 * the bound exists to stop a runaway or hostile sender, not to shape traffic.
 *
 * Memory is bounded whatever keys a caller invents: at most `maxKeys` windows are kept. The map
 * is kept in window-start order (a new window is re-inserted at the end), so expired windows are
 * dropped from the front in O(expired), and when every window is still live the oldest one is
 * evicted. Evicting forgets a count early, which errs toward allowing: callers pick a cap far
 * above the number of keys they expect in one window.
 */
export const DEFAULT_MAX_KEYS = 10_000;

export class FixedWindowLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #maxKeys: number;
  readonly #windows = new Map<string, { start: number; count: number }>();

  /** `limit` 0 turns the limiter off. */
  constructor(limit: number, windowMs: number, maxKeys: number = DEFAULT_MAX_KEYS) {
    if (!Number.isInteger(maxKeys) || maxKeys < 1) throw new RangeError(`Expected \`maxKeys\` to be an integer >= 1, got ${String(maxKeys)}`);
    this.#limit = limit;
    this.#windowMs = windowMs;
    this.#maxKeys = maxKeys;
  }

  /** Counts one request; null if allowed, else the seconds until the window ends. */
  take(key: string, now: number): number | null {
    if (this.#limit === 0) return null;
    let window = this.#windows.get(key);
    if (!window || now - window.start >= this.#windowMs) {
      this.#windows.delete(key);
      this.#makeRoom(now);
      window = { start: now, count: 0 };
      this.#windows.set(key, window);
    }
    window.count++;
    return window.count <= this.#limit ? null : this.#wait(window.start, now);
  }

  /** Whether `key` has spent its budget, without counting: null if not, else the seconds to wait. */
  spent(key: string, now: number): number | null {
    if (this.#limit === 0) return null;
    const window = this.#windows.get(key);
    if (!window || now - window.start >= this.#windowMs || window.count < this.#limit) return null;
    return this.#wait(window.start, now);
  }

  /** Windows held (for tests and measurements). */
  get size(): number {
    return this.#windows.size;
  }

  #wait(start: number, now: number): number {
    return Math.max(1, Math.ceil((start + this.#windowMs - now) / 1000));
  }

  #makeRoom(now: number): void {
    for (const [key, window] of this.#windows) {
      if (this.#windows.size < this.#maxKeys && now - window.start < this.#windowMs) return;
      this.#windows.delete(key);
    }
  }
}
