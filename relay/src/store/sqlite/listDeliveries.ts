import type Database from 'better-sqlite3';
import type { AttemptRecord, DeliveryPage, DeliveryQuery } from '../types.js';
import { toAttempt, toDelivery, DELIVERY_COLUMNS, type DeliveryRow } from './deliveryRows.js';
import type { DeliveryStatements } from './deliveryStatements.js';
import { MAX_PAGE } from './listEvents.js';
import { decodeCursor, encodeCursor } from './rows.js';

const FILTERS = [
  ['hookId', 'hook_id'],
  ['status', 'status'],
  ['eventType', 'event_type'],
  ['eventId', 'event_id'],
] as const satisfies readonly (readonly [keyof DeliveryQuery, string])[];

/**
 * Newest first by `seq`, each delivery with its attempts. A filter maps onto one of the
 * `(column, seq)` indexes (or `event_id`), and the page's attempts come from one query over
 * `(delivery_id, seq)`, so a page costs O(limit + its attempts) whatever the history.
 */
export class DeliveryLister {
  readonly #db: Database.Database;
  readonly #sql: DeliveryStatements;
  readonly #statements = new Map<string, Database.Statement<unknown[], DeliveryRow>>();

  constructor(db: Database.Database, sql: DeliveryStatements) {
    this.#db = db;
    this.#sql = sql;
  }

  list(query: DeliveryQuery): DeliveryPage {
    const { limit } = query;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
      throw new RangeError(`Expected \`limit\` to be an integer from 1 to ${MAX_PAGE}, got ${String(limit)}`);
    }
    const conditions: string[] = [];
    const params: unknown[] = [];
    for (const [field, column] of FILTERS) {
      const value = query[field];
      if (value === undefined) continue;
      conditions.push(`${column} = ?`);
      params.push(value);
    }
    if (query.cursor !== undefined) {
      conditions.push('seq < ?');
      params.push(decodeCursor(query.cursor));
    }
    const rows = this.#statement(conditions).all(...params, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const attempts = this.#attemptsOf(page.map((row) => row.id));
    return {
      deliveries: page.map((row) => ({ ...toDelivery(row), attempts_log: attempts.get(row.id) ?? [] })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.seq) : null,
    };
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

  #statement(conditions: string[]): Database.Statement<unknown[], DeliveryRow> {
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    let statement = this.#statements.get(where);
    if (!statement) {
      statement = this.#db.prepare<unknown[], DeliveryRow>(
        `SELECT ${DELIVERY_COLUMNS} FROM deliveries ${where} ORDER BY seq DESC LIMIT ?`,
      );
      this.#statements.set(where, statement);
    }
    return statement;
  }
}
