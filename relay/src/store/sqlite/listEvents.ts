import type Database from 'better-sqlite3';
import type { EventPage, EventQuery } from '../types.js';
import { decodeCursor, encodeCursor, EVENT_COLUMNS, toStoredEvent, type EventRow } from './rows.js';

export const MAX_PAGE = 500;

const FILTERS = [
  ['type', 'type'],
  ['vendor', 'vendor'],
  ['sourceId', 'source_id'],
] as const satisfies readonly (readonly [keyof EventQuery, string])[];

/**
 * Newest first by `seq`. Each filter combination maps onto one of the `(column, seq)` indexes,
 * so a page costs O(limit) whatever the history. Statements are cached per filter combination.
 */
export class EventLister {
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement<unknown[], EventRow>>();

  constructor(db: Database.Database) {
    this.#db = db;
  }

  list(query: EventQuery): EventPage {
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
    return {
      events: page.map(toStoredEvent),
      nextCursor: rows.length > limit && last ? encodeCursor(last.seq) : null,
    };
  }

  #statement(conditions: string[]): Database.Statement<unknown[], EventRow> {
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    let statement = this.#statements.get(where);
    if (!statement) {
      statement = this.#db.prepare<unknown[], EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events ${where} ORDER BY seq DESC LIMIT ?`,
      );
      this.#statements.set(where, statement);
    }
    return statement;
  }
}
