import type Database from 'better-sqlite3';
import type { AppendOutcome, AttemptWrite, DeliveryStatus, NewDelivery, StoreLimits } from '../types.js';
import { isUnauthenticatedRejection, rejectionsKept } from '../rejectionBuckets.js';
import { toAttemptParams } from './deliveryRows.js';
import { prepareDeliveryInsert, prepareDeliveryStatements, type DeliveryStatements, type InsertDeliveries } from './deliveryStatements.js';
import { DEFAULT_PRUNE_CHUNK, pruneEventLog, type PruneCounts } from './prune.js';
import type { BatchHooks } from './groupCommit.js';
import { prepareStatements, type EventParams, type Statements } from './statements.js';

const HOUR_MS = 60 * 60 * 1000;

/**
 * Every write of the event database as plain data, so it can cross to the writer thread
 * (`writerWorker.ts`) by structured clone: strings, numbers, Buffers and plain objects only.
 * The envelope arrives already serialized (`row.envelope`): JSON.stringify runs on the ingest
 * thread, where the object is, and the writer copies one string instead of a deep object.
 */
export interface WriteCalls {
  append: { arg: AppendArgs; result: AppendOutcome };
  addRejection: { arg: { id: string; source_id: string; received_at: string; code: string; record: string }; result: void };
  deleteRejections: { arg: { sourceId: string }; result: void };
  addDeliveries: { arg: { eventId: string; eventType: string; deliveries: NewDelivery[]; nowMs: number }; result: void };
  recordAttempt: { arg: { write: PlainAttemptWrite; nowMs: number }; result: number | null };
  requeueFailed: { arg: { hookId: string; sinceMs: number; nowMs: number }; result: number };
  cancelPending: { arg: { hookId: string; nowMs: number }; result: number };
}

export type WriteOp = keyof WriteCalls;
export type WriteArg<K extends WriteOp> = WriteCalls[K]['arg'];
export type WriteResult<K extends WriteOp> = WriteCalls[K]['result'];

export interface AppendArgs {
  row: EventParams;
  /** Already de-duplicated, namespaced dedupe keys of the event's source. */
  keys: string[];
  deliveries: NewDelivery[];
  nowMs: number;
}

/** `AttemptWrite` with the next attempt as epoch ms (NaN when none). */
export type PlainAttemptWrite = Omit<AttemptWrite, 'nextAttemptAt'> & { nextMs: number };

/**
 * The writes themselves: synchronous SQL on one connection, each meant to run inside a group
 * transaction (`GroupCommitter`). The same code runs on the ingest thread (in-memory databases,
 * tests) or in the writer thread (the embedded default); see `writer.ts`.
 */
export class SqliteWrites implements BatchHooks {
  readonly #db: Database.Database;
  /** Changes to \`delivery_counts\` made by this transaction's writes, applied by \`end()\`. */
  #counts: Record<DeliveryStatus, number> = zeroCounts();
  readonly #addCount: Database.Statement<[number, string]>;
  readonly #limits: StoreLimits;
  readonly #pruneChunk: number;
  readonly #events: Statements;
  readonly #deliveries: DeliveryStatements;
  readonly #insertDeliveries: InsertDeliveries;

  constructor(db: Database.Database, limits: StoreLimits, pruneChunk = DEFAULT_PRUNE_CHUNK) {
    this.#db = db;
    this.#limits = limits;
    this.#pruneChunk = pruneChunk;
    this.#events = prepareStatements(db);
    this.#deliveries = prepareDeliveryStatements(db);
    this.#insertDeliveries = prepareDeliveryInsert(db);
    this.#addCount = db.prepare<[number, string]>('UPDATE delivery_counts SET n = n + ? WHERE status = ?');
  }

  begin(): void {
    this.#counts = zeroCounts();
  }

  /**
   * One UPDATE per changed status per transaction, instead of a trigger per row (migration 4).
   * Each write adds its changes only after its last statement succeeded, so a write that throws
   * (rolled back alone, in its savepoint) adds none.
   */
  end(): void {
    for (const [status, n] of Object.entries(this.#counts)) if (n !== 0) this.#addCount.run(n, status);
    this.#counts = zeroCounts();
  }

  #moved(from: DeliveryStatus | null, to: DeliveryStatus, n = 1): void {
    if (n === 0 || from === to) return;
    if (from) this.#counts[from] -= n;
    this.#counts[to] += n;
  }

  /** Runs one write; call it inside a transaction. */
  apply<K extends WriteOp>(op: K, arg: WriteArg<K>): WriteResult<K> {
    const run = this.#ops[op] as (arg: WriteArg<K>) => WriteResult<K>;
    if (typeof run !== 'function') throw new TypeError(`Unknown write ${JSON.stringify(op)}`);
    return run(arg);
  }

  /** Retention clean-up in chunks, each its own transaction (see `pruneEventLog`). */
  prune(nowMs: number): Promise<PruneCounts> {
    return pruneEventLog(this.#db, this.#limits, new Date(nowMs), this.#pruneChunk);
  }

  readonly #ops: { [K in WriteOp]: (arg: WriteArg<K>) => WriteResult<K> } = {
    append: (arg) => this.#append(arg),
    addRejection: ({ id, source_id, received_at, code, record }) => {
      this.#events.insertRejection.run(id, source_id, received_at, record);
      const unauthenticated = isUnauthenticatedRejection(code) ? 1 : 0;
      this.#events.trimRejections.run({ source_id, unauthenticated, keep: rejectionsKept(code, this.#limits) });
    },
    deleteRejections: ({ sourceId }) => {
      this.#events.deleteRejections.run(sourceId);
    },
    addDeliveries: ({ eventId, eventType, deliveries, nowMs }) => {
      this.#insertDeliveries(eventId, eventType, deliveries, nowMs);
      this.#moved(null, 'pending', deliveries.length);
    },
    recordAttempt: ({ write, nowMs }) => this.#record(write, nowMs),
    requeueFailed: ({ hookId, sinceMs, nowMs }) => {
      const changed = this.#deliveries.requeueFailed.run(nowMs, nowMs, hookId, sinceMs).changes;
      this.#moved('failed', 'pending', changed);
      return changed;
    },
    cancelPending: ({ hookId, nowMs }) => {
      const changed = this.#deliveries.cancelPending.run(nowMs, hookId).changes;
      this.#moved('pending', 'cancelled', changed);
      return changed;
    },
  };

  #append({ row, keys, deliveries, nowMs }: AppendArgs): AppendOutcome {
    const sql = this.#events;
    for (const key of keys) {
      const known = sql.findKey.get(row.source_id, key, nowMs);
      if (known) return { duplicate: true, eventId: known.event_id };
    }
    sql.insertEvent.run(row);
    const expiresMs = nowMs + this.#limits.dedupeTtlHours * HOUR_MS;
    for (const key of keys) sql.putKey.run(row.source_id, key, row.id, expiresMs);
    this.#insertDeliveries(row.id, row.type, deliveries, nowMs);
    this.#moved(null, 'pending', deliveries.length);
    return { duplicate: false, eventId: row.id };
  }

  /**
   * The attempt and the delivery's new state; resolves the attempt's number, which this write
   * assigns (the row's `attempts` + 1: one writer, one transaction, so never a number twice).
   * Safe to repeat: an attempt id already recorded answers its number and writes nothing, a
   * delivery that no longer exists answers null. A cancelled delivery (its hook is gone) is never
   * made pending again: an attempt in flight when it was cancelled is logged, its retry dropped.
   */
  #record({ attempt, status: wanted, countsInCycle, nextMs }: PlainAttemptWrite, nowMs: number): number | null {
    const sql = this.#deliveries;
    const known = sql.attemptNumber.get(attempt.id);
    if (known) return known.number;
    const row = sql.getDelivery.get(attempt.delivery_id);
    if (!row) return null;
    const status: DeliveryStatus = row.status === 'cancelled' && wanted === 'pending' ? 'cancelled' : wanted;
    const number = row.attempts + 1;
    sql.insertAttempt.run(toAttemptParams({ ...attempt, number }, nowMs));
    sql.recordResult.run({
      id: row.id,
      cycle: countsInCycle ? 1 : 0,
      status,
      next_ms: status === 'pending' ? nextMs : null,
      status_code: attempt.status_code,
      error: attempt.error,
      now_ms: nowMs,
    });
    this.#moved(row.status as DeliveryStatus, status);
    // Health counts deliveries, not attempts: a failure counts when a delivery becomes failed
    // (a manual retry of a failed one that fails again does not count twice). Tests never count.
    if (row.trigger === 'test') return number;
    if (status === 'succeeded') sql.healthSuccess.run(row.hook_id, nowMs);
    else if (status === 'failed' && row.status !== 'failed') sql.healthFailure.run(row.hook_id, nowMs);
    return number;
  }
}

function zeroCounts(): Record<DeliveryStatus, number> {
  return { pending: 0, succeeded: 0, failed: 0, cancelled: 0 };
}
