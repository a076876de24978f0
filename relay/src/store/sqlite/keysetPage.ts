import type Database from 'better-sqlite3';
import { decodeCursor, encodeCursor } from './rows.js';

export const MAX_PAGE = 500;

/** A query filter: the query's field, and the column it must equal. */
export type Filter<Q> = readonly [keyof Q, string];

export interface PageQuery {
  limit: number;
  cursor?: string;
}

/**
 * Keyset paging, newest first by `seq`. Each filter combination maps onto one of the table's
 * `(column, seq)` indexes, so a page costs O(limit) whatever the history. Statements are cached
 * per filter combination. Bad limits throw a RangeError; bad cursors an InvalidCursorError.
 */
export class KeysetPager<Q extends PageQuery, Row extends { seq: number }> {
  readonly #db: Database.Database;
  readonly #from: string;
  readonly #filters: readonly Filter<Q>[];
  readonly #statements = new Map<string, Database.Statement<unknown[], Row>>();

  /** `from` is `<columns> FROM <table>`; both are trusted constants. */
  constructor(db: Database.Database, from: string, filters: readonly Filter<Q>[]) {
    this.#db = db;
    this.#from = from;
    this.#filters = filters;
  }

  page(query: Q): { rows: Row[]; nextCursor: string | null } {
    const { limit } = query;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
      throw new RangeError(`Expected \`limit\` to be an integer from 1 to ${MAX_PAGE}, got ${String(limit)}`);
    }
    const conditions: string[] = [];
    const params: unknown[] = [];
    for (const [field, column] of this.#filters) {
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
    return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor(last.seq) : null };
  }

  #statement(conditions: string[]): Database.Statement<unknown[], Row> {
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    let statement = this.#statements.get(where);
    if (!statement) {
      statement = this.#db.prepare<unknown[], Row>(`SELECT ${this.#from} ${where} ORDER BY seq DESC LIMIT ?`);
      this.#statements.set(where, statement);
    }
    return statement;
  }
}
