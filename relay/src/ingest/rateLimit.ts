/**
 * Requests per minute per source id (not per client IP: vendors send from shared pools).
 * A fixed window is enough here: the bound exists to stop a runaway sender, not to shape traffic.
 */
export class FixedWindowLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #windows = new Map<string, { start: number; count: number }>();

  /** `limit` 0 turns the limiter off. */
  constructor(limit: number, windowMs: number) {
    this.#limit = limit;
    this.#windowMs = windowMs;
  }

  /** Counts one request; null if allowed, else the seconds until the window ends. */
  take(key: string, now: number): number | null {
    if (this.#limit === 0) return null;
    let window = this.#windows.get(key);
    if (!window || now - window.start >= this.#windowMs) {
      if (this.#windows.size > 10_000) this.#sweep(now);
      window = { start: now, count: 0 };
      this.#windows.set(key, window);
    }
    window.count++;
    if (window.count <= this.#limit) return null;
    return Math.max(1, Math.ceil((window.start + this.#windowMs - now) / 1000));
  }

  #sweep(now: number): void {
    for (const [key, window] of this.#windows) if (now - window.start >= this.#windowMs) this.#windows.delete(key);
  }
}
