/**
 * Copy-on-write group commit for a whole-document store (the lowdb config file).
 *
 * Contract:
 * - `committed()` is always a document that is on disk. A change becomes visible only after a
 *   write holding it has succeeded; a change whose write fails is refused (its promise rejects
 *   with the write's error) and exists nowhere afterwards, in memory or in a later write.
 * - Changes are pure steps `(current) => { next, result }`: they never mutate `current` (they
 *   return a new document sharing the untouched parts), so a step that throws, or a batch whose
 *   write fails, leaves nothing behind.
 * - Writes are serialized: while one is on its way to disk, later changes wait and are then
 *   applied, in call order, to the committed document and written together (one fsync for the
 *   batch). A batch shares one fate: a failed write refuses every change in it.
 * - A step that throws refuses only itself (e.g. a duplicate id); the batch goes on without it.
 */

/** What a change returns: the next document (or `current` itself when nothing changed) and its answer. */
export interface Step<T, R> {
  next: T;
  result: R;
}

export type Change<T, R> = (current: T) => Step<T, R>;

interface Pending<T> {
  change: Change<T, unknown>;
  resolve: (result: unknown) => void;
  reject: (error: unknown) => void;
}

export class CommitQueue<T> {
  #committed: T;
  readonly #write: (next: T) => Promise<void>;
  #pending: Pending<T>[] = [];
  #running: Promise<void> | null = null;
  /**
   * Set after a failed write: the file may hold the refused batch (a write can fail after its
   * rename, when the folder fsync fails), so the next batch is written even if it changes nothing.
   */
  #diskInDoubt = false;

  constructor(committed: T, write: (next: T) => Promise<void>) {
    this.#committed = committed;
    this.#write = write;
  }

  /** The document as last written. Callers must not mutate it (copy what they hand out). */
  committed(): T {
    return this.#committed;
  }

  /** Applies `change` once every earlier change is settled; resolves with its result once it is on disk. */
  apply<R>(change: Change<T, R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#pending.push({ change, resolve: resolve as (result: unknown) => void, reject });
      this.#running ??= this.#run();
    });
  }

  /** Resolves once no change is pending or being written. Never rejects. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #run(): Promise<void> {
    try {
      while (this.#pending.length > 0) {
        const batch = this.#pending;
        this.#pending = [];
        await this.#commit(batch);
      }
    } finally {
      this.#running = null;
    }
  }

  async #commit(batch: readonly Pending<T>[]): Promise<void> {
    let next = this.#committed;
    const applied: { item: Pending<T>; result: unknown }[] = [];
    for (const item of batch) {
      try {
        const step = item.change(next);
        next = step.next;
        applied.push({ item, result: step.result });
      } catch (error) {
        item.reject(error);
      }
    }
    if (applied.length === 0) return;
    if (next !== this.#committed || this.#diskInDoubt) {
      try {
        await this.#write(next);
      } catch (error) {
        this.#diskInDoubt = true;
        for (const { item } of applied) item.reject(error);
        return;
      }
      this.#diskInDoubt = false;
      this.#committed = next;
    }
    for (const { item, result } of applied) item.resolve(result);
  }
}
