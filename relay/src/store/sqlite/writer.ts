import type Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { StoreLimits } from '../types.js';
import { GroupCommitter, type GroupCommitStats } from './groupCommit.js';
import type { PruneCounts } from './prune.js';
import type { WriterReply, WriterRequest, WriterStart } from './writerProtocol.js';
import { SqliteWrites, type WriteArg, type WriteOp, type WriteResult } from './writes.js';

/**
 * Where the event database's writes run. Every call resolves only after the transaction holding
 * it committed (fsync included), and calls commit in the order they were made.
 */
export interface EventWriter {
  call<K extends WriteOp>(op: K, arg: WriteArg<K>): Promise<WriteResult<K>>;
  prune(nowMs: number): Promise<PruneCounts>;
  stats(): GroupCommitStats;
  /** Commits what is queued, then stops. Idempotent. */
  close(): Promise<void>;
}

/** On the calling thread, on the given connection: in-memory databases and unit tests. */
export class InlineWriter implements EventWriter {
  readonly #committer: GroupCommitter;
  readonly #writes: SqliteWrites;

  constructor(db: Database.Database, limits: StoreLimits, pruneChunk?: number) {
    this.#writes = new SqliteWrites(db, limits, pruneChunk);
    this.#committer = new GroupCommitter(db, this.#writes);
  }

  call<K extends WriteOp>(op: K, arg: WriteArg<K>): Promise<WriteResult<K>> {
    return this.#committer.enqueue(() => this.#writes.apply(op, arg));
  }

  prune(nowMs: number): Promise<PruneCounts> {
    return this.#writes.prune(nowMs);
  }

  stats(): GroupCommitStats {
    return this.#committer.stats();
  }

  close(): Promise<void> {
    this.#committer.close();
    return Promise.resolve();
  }
}

/**
 * Requests per message to the writer thread. Waiting for the end of the turn to send them all
 * made the two threads take turns under load (the writer idle while this thread parsed a turn's
 * requests, then the reverse); sending every 8 lets the writer start while this thread goes on
 * (bench ingest: 12.8k events/s against 11.9k for one message per turn and 9.6k for one per request).
 */
const POST_BATCH = 8;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * The embedded default: a worker thread owns the database's only write connection and group
 * commits there, so SQLite's inserts, BEGIN/COMMIT and the fsync no longer take the ingest
 * thread's time (they were ~40 % of it; docs/performance.md). The ingest thread keeps its own
 * connection for reads (WAL: readers never wait for the writer and see every committed write).
 *
 * If the thread dies (it should not: every SQL error is caught and returned to its caller),
 * every call in flight is rejected, the failure is logged, and the next call starts a new thread
 * on the same file: SQLite rolled back whatever was not committed, and nothing that was
 * acknowledged is lost.
 */
export class WorkerWriter implements EventWriter {
  readonly #start: WriterStart;
  readonly #logger: { error(obj: object, msg: string): void } | undefined;
  #worker: Worker | null = null;
  #ready: Promise<void> | null = null;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  #stats: GroupCommitStats = { transactions: 0, jobs: 0, largestBatch: 0 };
  #closing: Promise<void> | null = null;
  #outgoing: WriterRequest[] = [];
  #posting: NodeJS.Immediate | null = null;

  private constructor(start: WriterStart, logger?: { error(obj: object, msg: string): void }) {
    this.#start = start;
    this.#logger = logger;
  }

  /** Starts the thread and waits until it has opened the database (errors name the file). */
  static async open(start: WriterStart, logger?: { error(obj: object, msg: string): void }): Promise<WorkerWriter> {
    const writer = new WorkerWriter(start, logger);
    await writer.#spawn();
    return writer;
  }

  call<K extends WriteOp>(op: K, arg: WriteArg<K>): Promise<WriteResult<K>> {
    return this.#send({ op, arg } as WriterRequest) as Promise<WriteResult<K>>;
  }

  prune(nowMs: number): Promise<PruneCounts> {
    return this.#send({ op: 'prune', arg: { nowMs } }) as Promise<PruneCounts>;
  }

  stats(): GroupCommitStats {
    return { ...this.#stats };
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      const worker = this.#worker;
      if (!worker) return;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.ref();
      try {
        await this.#send({ op: 'close', arg: {} }, true);
      } finally {
        await exited;
      }
    })();
    return this.#closing;
  }

  /** Stops the thread the way a crash would (tests of the recovery path). */
  async crashForTest(): Promise<void> {
    await this.#worker?.terminate();
  }

  #send(request: Omit<WriterRequest, 'id'>, closing = false): Promise<unknown> {
    if (this.#closing && !closing) return Promise.reject(new Error('The event log is closed'));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      const worker = this.#worker ?? this.#respawn();
      // Referenced only while something waits on it: an idle writer never keeps the process alive.
      if (this.#pending.size === 1) worker.ref();
      this.#outgoing.push({ ...request, id } as WriterRequest);
      // One message per turn of the event loop: the requests of every HTTP request read in this
      // turn travel together (a message costs more than a write's own data).
      if (this.#outgoing.length >= POST_BATCH) this.#post();
      else this.#posting ??= setImmediate(() => this.#post());
    });
  }

  #post(): void {
    if (this.#posting) clearImmediate(this.#posting);
    this.#posting = null;
    const batch = this.#outgoing;
    this.#outgoing = [];
    if (batch.length > 0) (this.#worker ?? this.#respawn()).postMessage(batch);
  }

  #spawn(): Promise<void> {
    const worker = new Worker(workerFile(), { workerData: this.#start });
    this.#worker = worker;
    this.#ready = new Promise<void>((resolve, reject) => {
      worker.once('message', (first: WriterReply[]) => {
        const failed = first[0];
        if (failed && 'error' in failed) reject(new Error(failed.error.message));
        else resolve();
        worker.on('message', (replies: WriterReply[]) => this.#settle(replies));
        if (this.#pending.size === 0) worker.unref();
      });
      worker.once('error', reject);
    });
    worker.on('error', (error) => this.#died(worker, error));
    worker.on('exit', (code) => this.#died(worker, new Error(`the writer thread exited with code ${code}`)));
    return this.#ready;
  }

  #respawn(): Worker {
    void this.#spawn().catch((error: unknown) => this.#logger?.error({ err: error }, 'event log writer thread failed to start'));
    return this.#worker as Worker;
  }

  #settle(replies: WriterReply[]): void {
    for (const reply of replies) {
      if ('stats' in reply) {
        this.#stats = reply.stats;
        continue;
      }
      const pending = this.#pending.get(reply.id);
      if (!pending) continue;
      this.#pending.delete(reply.id);
      if ('error' in reply) pending.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name, code: reply.error.code }));
      else if ('value' in reply) pending.resolve(reply.value);
    }
    // Idle, the thread must not keep the process alive; closing, it must until it has exited.
    if (this.#pending.size === 0 && !this.#closing) this.#worker?.unref();
  }

  #died(worker: Worker, error: Error): void {
    if (this.#worker !== worker) return;
    this.#worker = null;
    const expected = this.#closing !== null && this.#pending.size === 0;
    if (expected) return;
    if (!this.#closing) this.#logger?.error({ err: error }, 'event log writer thread stopped; writes in flight failed, the next one starts a new thread');
    // Nothing of a rejected call may run later: drop what was not posted yet as well.
    this.#outgoing = [];
    for (const pending of this.#pending.values()) pending.reject(new Error(`The event log writer stopped: ${error.message}`));
    this.#pending.clear();
  }
}

/**
 * The compiled worker next to this module. Under ts-jest this module is the `.ts` source and no
 * `.js` sits beside it, so the worker comes from `relay/dist` (the relay's `test` script builds first).
 */
function workerFile(): URL {
  const here = new URL('./writerWorker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const built = new URL('../../../dist/store/sqlite/writerWorker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  throw new Error(`The event log writer ${fileURLToPath(here)} is missing; build the relay (pnpm --filter ./relay run build).`);
}
