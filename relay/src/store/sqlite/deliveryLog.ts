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
import { toDelivery } from './deliveryRows.js';
import { prepareDeliveryStatements, type DeliveryStatements } from './deliveryStatements.js';
import { DeliveryLister } from './listDeliveries.js';
import type { EventWriter } from './writer.js';

/**
 * Deliveries, their attempts and per-hook health, in the event database. The table is the queue:
 * a delivery stays `pending` with a due time until an attempt settles it, so scheduled work
 * survives a crash. Writes go through the event log's writer (shared, so an event and its
 * deliveries are one commit; see `SqliteWrites` for what each write does); reads run on `db` and
 * see only committed data.
 */
export class SqliteDeliveryLog implements DeliveryLog {
  readonly #writer: EventWriter;
  readonly #sql: DeliveryStatements;
  readonly #lister: DeliveryLister;

  constructor(db: Database.Database, writer: EventWriter) {
    this.#writer = writer;
    this.#sql = prepareDeliveryStatements(db);
    this.#lister = new DeliveryLister(db, this.#sql);
  }

  addDeliveries(eventId: string, eventType: string, deliveries: NewDelivery[], now: Date): Promise<void> {
    return this.#writer.call('addDeliveries', { eventId, eventType, deliveries, nowMs: now.getTime() });
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

  /** The attempt and the delivery's new state in one job; safe to repeat (see `SqliteWrites`). */
  recordAttempt({ nextAttemptAt, ...write }: AttemptWrite, now: Date): Promise<number | null> {
    const nextMs = nextAttemptAt?.getTime() ?? Number.NaN;
    if (write.status === 'pending' && !Number.isFinite(nextMs)) {
      return Promise.reject(
        new RangeError(`Expected \`nextAttemptAt\` to be a valid Date for a pending delivery, got ${String(nextAttemptAt)}`),
      );
    }
    return this.#writer.call('recordAttempt', { write: { ...write, nextMs }, nowMs: now.getTime() });
  }

  requeueFailed(hookId: string, since: Date, now: Date): Promise<number> {
    return this.#writer.call('requeueFailed', { hookId, sinceMs: since.getTime(), nowMs: now.getTime() });
  }

  cancelPending(hookId: string, now: Date): Promise<number> {
    return this.#writer.call('cancelPending', { hookId, nowMs: now.getTime() });
  }

  async consecutiveFailures(hookId: string): Promise<number> {
    return this.#sql.failures.get(hookId)?.n ?? 0;
  }

  /** Four rows of `delivery_counts` (kept by the writer): constant time whatever the history. */
  async deliveryCounts(): Promise<DeliveryCounts> {
    const counts: DeliveryCounts = { pending: 0, succeeded: 0, failed: 0, cancelled: 0 };
    for (const { status, n } of this.#sql.counts.all()) {
      if (status in counts) counts[status as DeliveryStatus] = n;
    }
    return counts;
  }
}
