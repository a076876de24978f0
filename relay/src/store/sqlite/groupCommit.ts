import type Database from 'better-sqlite3';

interface Job {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitStats {
  /** Transactions committed or attempted by the group committer. */
  transactions: number;
  /** Jobs (appends, rejections, ...) that went through them. */
  jobs: number;
  largestBatch: number;
}

/** At most this many jobs per transaction, so one flush never holds the event loop long. */
export const MAX_BATCH = 1000;

/**
 * Group commit: writes enqueued in the same turn of the event loop share one transaction and so
 * one fsync. The first enqueue schedules a flush with `setImmediate`; the flush runs every queued
 * job in one transaction, commits, then settles each job's promise.
 *
 * A job that throws is rolled back and rejected alone, the others still commit (the batch is
 * retried with a savepoint per job). If the commit itself fails, every job in the batch is rejected and
 * nothing of it is written. No promise resolves before the commit holding its job returned.
 */
/** Work a committer does inside every transaction around its jobs (see `SqliteWrites`). */
export interface BatchHooks {
  /** First thing in the transaction (also on the retry after a failing job). */
  begin(): void;
  /** Last thing before COMMIT; it commits or rolls back with the jobs. */
  end(): void;
}

export class GroupCommitter {
  readonly #db: Database.Database;
  readonly #hooks: BatchHooks | null;
  #queue: Job[] = [];
  #scheduled: NodeJS.Immediate | null = null;
  #closed = false;
  readonly #stats: GroupCommitStats = { transactions: 0, jobs: 0, largestBatch: 0 };

  constructor(db: Database.Database, hooks: BatchHooks | null = null) {
    this.#db = db;
    this.#hooks = hooks;
  }

  /** Runs `run` (synchronous SQL) inside the next group transaction; resolves after its commit. */
  enqueue<R>(run: () => R): Promise<R> {
    if (this.#closed) return Promise.reject(new Error('The event log is closed'));
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ run, resolve: resolve as (value: unknown) => void, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    this.#scheduled ??= setImmediate(() => {
      this.#scheduled = null;
      this.#flushOnce();
      if (this.#queue.length > 0) this.#schedule(); // over MAX_BATCH: yield between batches
    });
  }

  /** Commits everything queued now, synchronously. Used by `close()`. */
  flush(): void {
    if (this.#scheduled) clearImmediate(this.#scheduled);
    this.#scheduled = null;
    while (this.#queue.length > 0) this.#flushOnce();
  }

  /** Flushes, then refuses new jobs. */
  close(): void {
    this.flush();
    this.#closed = true;
  }

  stats(): GroupCommitStats {
    return { ...this.#stats };
  }

  #flushOnce(): void {
    const batch = this.#queue.splice(0, MAX_BATCH);
    if (batch.length === 0) return;
    this.#stats.transactions += 1;
    this.#stats.jobs += batch.length;
    this.#stats.largestBatch = Math.max(this.#stats.largestBatch, batch.length);

    // Fast path: every job in one transaction without per-job savepoints (a savepoint per job
    // costs about as much as the insert). Jobs almost never throw; when one does, the whole
    // transaction is rolled back and the batch is run again with a savepoint per job.
    let values: unknown[];
    try {
      values = this.#db.transaction(() => {
        this.#hooks?.begin();
        const results = batch.map((job) => job.run());
        this.#hooks?.end();
        return results;
      })();
    } catch {
      this.#flushIsolated(batch);
      return;
    }
    batch.forEach((job, index) => job.resolve(values[index]));
  }

  /** Each job in its own savepoint: a job that throws is rolled back and rejected alone. */
  #flushIsolated(batch: Job[]): void {
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.#db.transaction(() => {
        this.#hooks?.begin();
        for (const job of batch) {
          try {
            outcomes.push({ ok: true, value: this.#db.transaction(job.run)() });
          } catch (error) {
            // Some errors (disk full, I/O) make SQLite roll back the whole transaction; going on
            // would run the remaining jobs in autocommit mode. Abort the batch instead.
            if (!this.#db.inTransaction) throw error;
            outcomes.push({ ok: false, error });
          }
        }
        this.#hooks?.end();
      })();
    } catch (error) {
      for (const job of batch) job.reject(error);
      return;
    }
    batch.forEach((job, index) => {
      const outcome = outcomes[index];
      if (outcome?.ok) job.resolve(outcome.value);
      else job.reject(outcome ? outcome.error : new Error('Group commit lost track of a job'));
    });
  }
}
