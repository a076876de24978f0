import type Database from 'better-sqlite3';
import type {
  AttemptWrite,
  DeliveryCounts,
  DeliveryLog,
  DeliveryPage,
  DeliveryQuery,
  DeliveryRecord,
  DeliveryStatus,
  NewDelivery,
} from '../types.js';
import { toAttemptParams, toDelivery } from './deliveryRows.js';
import {
  prepareDeliveryInsert,
  prepareDeliveryStatements,
  type DeliveryStatements,
  type InsertDeliveries,
} from './deliveryStatements.js';
import type { GroupCommitter } from './groupCommit.js';
import { DeliveryLister } from './listDeliveries.js';

/**
 * Deliveries, their attempts and per-hook health, in the event database. The table is the queue:
 * a delivery stays `pending` with a due time until an attempt settles it, so scheduled work
 * survives a crash. Writes go through the event log's group committer (shared, so an event and
 * its deliveries are one commit); reads run directly and see only committed data.
 */
export class SqliteDeliveryLog implements DeliveryLog {
  readonly #committer: GroupCommitter;
  readonly #sql: DeliveryStatements;
  readonly #insert: InsertDeliveries;
  readonly #lister: DeliveryLister;

  constructor(db: Database.Database, committer: GroupCommitter) {
    this.#committer = committer;
    this.#sql = prepareDeliveryStatements(db);
    this.#insert = prepareDeliveryInsert(db);
    this.#lister = new DeliveryLister(db, this.#sql);
  }

  addDeliveries(eventId: string, eventType: string, deliveries: NewDelivery[], now: Date): Promise<void> {
    const nowMs = now.getTime();
    return this.#committer.enqueue(() => this.#insert(eventId, eventType, deliveries, nowMs));
  }

  async getDelivery(id: string): Promise<DeliveryRecord | null> {
    const row = this.#sql.getDelivery.get(id);
    return row ? toDelivery(row) : null;
  }

  async listDeliveries(query: DeliveryQuery): Promise<DeliveryPage> {
    return this.#lister.list(query);
  }

  async dueDeliveries(hookId: string, now: Date, limit: number, exclude: readonly string[]): Promise<DeliveryRecord[]> {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`Expected \`limit\` to be an integer >= 1, got ${String(limit)}`);
    }
    return this.#sql.due.all(hookId, now.getTime(), JSON.stringify(exclude), limit).map(toDelivery);
  }

  async nextDueAt(after?: Date): Promise<Date | null> {
    const ms = this.#sql.nextDue.get(after ? after.getTime() : Number.MIN_SAFE_INTEGER)?.ms ?? null;
    return ms === null ? null : new Date(ms);
  }

  async hooksWithDueDeliveries(now: Date): Promise<string[]> {
    return this.#sql.dueHooks.all(now.getTime()).map((row) => row.hook_id);
  }

  /**
   * Writes the attempt and the delivery's new state in one job. Safe to repeat: an attempt id
   * already recorded, or a delivery that no longer exists, is ignored (resolves, writes nothing).
   * A cancelled delivery (its hook is gone) is never made pending again: an attempt that was in
   * flight when it was cancelled is logged, and a retry it asks for is dropped.
   */
  recordAttempt(write: AttemptWrite, now: Date): Promise<void> {
    const next = write.nextAttemptAt?.getTime() ?? Number.NaN;
    if (write.status === 'pending' && !Number.isFinite(next)) {
      return Promise.reject(
        new RangeError(`Expected \`nextAttemptAt\` to be a valid Date for a pending delivery, got ${String(write.nextAttemptAt)}`),
      );
    }
    return this.#committer.enqueue(() => this.#record(write, next, now.getTime()));
  }

  requeueFailed(hookId: string, since: Date, now: Date): Promise<number> {
    const nowMs = now.getTime();
    return this.#committer.enqueue(() => this.#sql.requeueFailed.run(nowMs, nowMs, hookId, since.getTime()).changes);
  }

  cancelPending(hookId: string, now: Date): Promise<number> {
    return this.#committer.enqueue(() => this.#sql.cancelPending.run(now.getTime(), hookId).changes);
  }

  async consecutiveFailures(hookId: string): Promise<number> {
    return this.#sql.failures.get(hookId)?.n ?? 0;
  }

  /** Four rows of `delivery_counts` (kept by triggers): constant time whatever the history. */
  async deliveryCounts(): Promise<DeliveryCounts> {
    const counts: DeliveryCounts = { pending: 0, succeeded: 0, failed: 0, cancelled: 0 };
    for (const { status, n } of this.#sql.counts.all()) {
      if (status in counts) counts[status as DeliveryStatus] = n;
    }
    return counts;
  }

  /** Runs inside the group transaction (its own savepoint). */
  #record({ attempt, status: wanted, countsInCycle }: AttemptWrite, nextMs: number, nowMs: number): void {
    if (this.#sql.attemptExists.get(attempt.id)) return;
    const row = this.#sql.getDelivery.get(attempt.delivery_id);
    if (!row) return;
    const status: DeliveryStatus = row.status === 'cancelled' && wanted === 'pending' ? 'cancelled' : wanted;
    this.#sql.insertAttempt.run(toAttemptParams(attempt, nowMs));
    this.#sql.recordResult.run({
      id: row.id,
      cycle: countsInCycle ? 1 : 0,
      status,
      next_ms: status === 'pending' ? nextMs : null,
      status_code: attempt.status_code,
      error: attempt.error,
      now_ms: nowMs,
    });
    // Health counts deliveries, not attempts: a failure counts when a delivery becomes failed
    // (a manual retry of a failed one that fails again does not count twice). Tests never count.
    if (row.trigger === 'test') return;
    if (status === 'succeeded') this.#sql.healthSuccess.run(row.hook_id, nowMs);
    else if (status === 'failed' && row.status !== 'failed') this.#sql.healthFailure.run(row.hook_id, nowMs);
  }
}
