import type pg from 'pg';
import type { GroupCommitStats } from '../sqlite/groupCommit.js';
import type { AppendOutcome, EventInsert } from '../types.js';
import { appendEvents, type AppendItem } from './appendEvents.js';
import type { Queryable } from './pool.js';

type Settle = { resolve: (value: unknown) => void; reject: (error: unknown) => void };
type JobSpec = { kind: 'append'; item: AppendItem } | { kind: 'write'; run: (client: Queryable) => Promise<unknown>; lockOrder?: string };
type Job = Settle & JobSpec;
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** At most this many jobs per transaction. */
export const MAX_BATCH = 500;

/**
 * Group commit over PostgreSQL: writes enqueued while a transaction is in flight wait for it and
 * then share the next one, so N concurrent writes cost about one COMMIT (and one WAL flush), not
 * N. One transaction at a time per store, on one pooled connection; jobs run in call order.
 * Consecutive appends run set-based (`appendEvents`): a few statements per batch, not per event.
 *
 * A job that fails is rolled back and rejected alone: the batch is run again with a savepoint per
 * job. If the COMMIT itself fails, every job of the batch is rejected and none is written. No
 * promise resolves before the COMMIT holding its job returned (`synchronous_commit` on, the
 * PostgreSQL default, makes that durable).
 */
export class PgGroupCommitter {
  readonly #pool: pg.Pool;
  readonly #dedupeTtlHours: number;
  #queue: Job[] = [];
  #running: Promise<void> | null = null;
  #closed = false;
  readonly #stats: GroupCommitStats = { transactions: 0, jobs: 0, largestBatch: 0 };

  constructor(pool: pg.Pool, dedupeTtlHours: number) {
    this.#pool = pool;
    this.#dedupeTtlHours = dedupeTtlHours;
  }

  append(insert: EventInsert, now: Date): Promise<AppendOutcome> {
    return this.#push<AppendOutcome>({ kind: 'append', item: { insert, now } });
  }

  /**
   * Runs `run` inside the next group transaction; resolves after its COMMIT. Jobs with a
   * `lockOrder` run after the others of their batch, sorted by it (call order among equals): with
   * several relay processes committing at once, rows shared between batches (a subscription's
   * `hook_health`) are then always locked in the same order, so two batches wait for each other
   * instead of deadlocking.
   */
  enqueue<R>(run: (client: Queryable) => Promise<R>, lockOrder?: string): Promise<R> {
    return this.#push<R>({ kind: 'write', run, ...(lockOrder === undefined ? {} : { lockOrder }) });
  }

  /** Commits what is queued, then refuses new jobs. */
  async close(): Promise<void> {
    this.#closed = true;
    while (this.#running) await this.#running;
  }

  stats(): GroupCommitStats {
    return { ...this.#stats };
  }

  #push<R>(job: JobSpec): Promise<R> {
    if (this.#closed) return Promise.reject(new Error('The event log is closed'));
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ ...job, resolve: resolve as (value: unknown) => void, reject });
      this.#running ??= this.#drain();
    });
  }

  /** Commits batches until the queue is empty; the first starts on the next turn of the event loop. */
  async #drain(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      while (this.#queue.length > 0) await this.#commit(inLockOrder(this.#queue.splice(0, MAX_BATCH)));
    } finally {
      this.#running = null;
    }
  }

  async #commit(batch: Job[]): Promise<void> {
    this.#stats.transactions += 1;
    this.#stats.jobs += batch.length;
    this.#stats.largestBatch = Math.max(this.#stats.largestBatch, batch.length);
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      for (const job of batch) job.reject(error);
      return;
    }
    let healthy = false;
    try {
      const outcomes = await this.#runBatch(client, batch);
      batch.forEach((job, index) => {
        const outcome = outcomes[index];
        if (outcome?.ok) job.resolve(outcome.value);
        else job.reject(outcome ? outcome.error : new Error('Group commit lost track of a job'));
      });
      healthy = true;
    } catch (error) {
      for (const job of batch) job.reject(error);
      healthy = await client.query('ROLLBACK').then(
        () => true,
        () => false,
      );
    } finally {
      client.release(!healthy);
    }
  }

  /** Fast path: the whole batch in one transaction. If a job fails, again with a savepoint per job. */
  async #runBatch(client: pg.PoolClient, batch: Job[]): Promise<Outcome[]> {
    await client.query('BEGIN');
    let values: unknown[] | null = null;
    try {
      values = await this.#runJobs(client, batch);
    } catch {
      await client.query('ROLLBACK');
    }
    if (values) {
      await client.query('COMMIT');
      return values.map((value) => ({ ok: true, value }));
    }
    await client.query('BEGIN');
    const outcomes: Outcome[] = [];
    for (const job of batch) {
      await client.query('SAVEPOINT job');
      try {
        const [value] = await this.#runJobs(client, [job]);
        await client.query('RELEASE SAVEPOINT job');
        outcomes.push({ ok: true, value });
      } catch (error) {
        // If even this fails, the connection is gone: the caller rejects the whole batch.
        await client.query('ROLLBACK TO SAVEPOINT job');
        outcomes.push({ ok: false, error });
      }
    }
    await client.query('COMMIT');
    return outcomes;
  }

  /** Runs jobs in order; each run of consecutive appends as one set-based step. */
  async #runJobs(client: Queryable, jobs: Job[]): Promise<unknown[]> {
    const values: unknown[] = [];
    let index = 0;
    while (index < jobs.length) {
      const job = jobs[index] as Job;
      if (job.kind === 'write') {
        values.push(await job.run(client));
        index += 1;
        continue;
      }
      const items: AppendItem[] = [];
      for (let next = jobs[index]; next?.kind === 'append'; next = jobs[++index]) items.push(next.item);
      values.push(...(await appendEvents(client, items, this.#dedupeTtlHours)));
    }
    return values;
  }
}

/** The batch with its `lockOrder` jobs moved last and sorted (stable), the others in call order. */
function inLockOrder(batch: Job[]): Job[] {
  const keyOf = (job: Job): string | undefined => (job.kind === 'write' ? job.lockOrder : undefined);
  const ordered = batch.filter((job) => keyOf(job) !== undefined);
  if (ordered.length === 0) return batch;
  ordered.sort((a, b) => ((keyOf(a) ?? '') < (keyOf(b) ?? '') ? -1 : (keyOf(a) ?? '') > (keyOf(b) ?? '') ? 1 : 0));
  return [...batch.filter((job) => keyOf(job) === undefined), ...ordered];
}
