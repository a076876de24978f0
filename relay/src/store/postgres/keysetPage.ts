import { MAX_PAGE, type Filter, type PageQuery } from '../sqlite/keysetPage.js';
import { decodeCursor, encodeCursor } from '../sqlite/rows.js';
import type { Queryable } from './pool.js';

/**
 * Keyset paging, newest first by `seq`, with the same cursors and limits as the embedded store.
 * Each filter combination maps onto one of the table's `(column, seq)` indexes, so a page costs
 * O(limit) whatever the history. Bad limits throw a RangeError; bad cursors an InvalidCursorError.
 */
export class PgKeysetPager<Q extends PageQuery, Row extends { seq: number }> {
  readonly #from: string;
  readonly #filters: readonly Filter<Q>[];

  /** `from` is `<columns> FROM <table>`; both it and the filter columns are trusted constants. */
  constructor(from: string, filters: readonly Filter<Q>[]) {
    this.#from = from;
    this.#filters = filters;
  }

  async page(db: Queryable, query: Q): Promise<{ rows: Row[]; nextCursor: string | null }> {
    const { limit } = query;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
      throw new RangeError(`Expected \`limit\` to be an integer from 1 to ${MAX_PAGE}, got ${String(limit)}`);
    }
    const conditions: string[] = [];
    const params: unknown[] = [];
    for (const [field, column] of this.#filters) {
      const value = query[field];
      if (value === undefined) continue;
      params.push(value);
      conditions.push(`${column} = $${params.length}`);
    }
    if (query.cursor !== undefined) {
      params.push(decodeCursor(query.cursor));
      conditions.push(`seq < $${params.length}`);
    }
    params.push(limit + 1);
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const { rows } = await db.query<Row>(`SELECT ${this.#from} ${where} ORDER BY seq DESC LIMIT $${params.length}`, params);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor(last.seq) : null };
  }
}
