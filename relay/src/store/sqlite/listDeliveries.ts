import type Database from 'better-sqlite3';
import type { AttemptRecord, DeliveryPage, DeliveryQuery } from '../types.js';
import { toAttempt, toDelivery, DELIVERY_COLUMNS, type DeliveryRow } from './deliveryRows.js';
import type { DeliveryStatements } from './deliveryStatements.js';
import { KeysetPager } from './keysetPage.js';

/**
 * Newest first by `seq`, each delivery with its attempts. A filter maps onto one of the
 * `(column, seq)` indexes (or `event_id`), and the page's attempts come from one query over
 * `(delivery_id, seq)`, so a page costs O(limit + its attempts) whatever the history.
 */
export class DeliveryLister {
  readonly #sql: DeliveryStatements;
  readonly #pager: KeysetPager<DeliveryQuery, DeliveryRow>;

  constructor(db: Database.Database, sql: DeliveryStatements) {
    this.#sql = sql;
    this.#pager = new KeysetPager(db, `${DELIVERY_COLUMNS} FROM deliveries`, [
      ['deliveryId', 'id'],
      ['hookId', 'hook_id'],
      ['status', 'status'],
      ['eventType', 'event_type'],
      ['eventId', 'event_id'],
    ]);
  }

  list(query: DeliveryQuery): DeliveryPage {
    const { rows, nextCursor } = this.#pager.page(query);
    const attempts = this.#attemptsOf(rows.map((row) => row.id));
    return { deliveries: rows.map((row) => ({ ...toDelivery(row), attempts_log: attempts.get(row.id) ?? [] })), nextCursor };
  }

  #attemptsOf(ids: string[]): Map<string, AttemptRecord[]> {
    const byDelivery = new Map<string, AttemptRecord[]>();
    if (ids.length === 0) return byDelivery;
    for (const row of this.#sql.attemptsOf.all(JSON.stringify(ids))) {
      const list = byDelivery.get(row.delivery_id);
      if (list) list.push(toAttempt(row));
      else byDelivery.set(row.delivery_id, [toAttempt(row)]);
    }
    return byDelivery;
  }
}
