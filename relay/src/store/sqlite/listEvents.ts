import type Database from 'better-sqlite3';
import type { EventPage, EventQuery } from '../types.js';
import { KeysetPager } from './keysetPage.js';
import { EVENT_COLUMNS, toStoredEvent, type EventRow } from './rows.js';

export { MAX_PAGE } from './keysetPage.js';

/** Newest first; filters by type, vendor and source map onto the `(column, seq)` indexes. */
export class EventLister {
  readonly #pager: KeysetPager<EventQuery, EventRow>;

  constructor(db: Database.Database) {
    this.#pager = new KeysetPager(db, `${EVENT_COLUMNS} FROM events`, [
      ['type', 'type'],
      ['vendor', 'vendor'],
      ['sourceId', 'source_id'],
    ]);
  }

  list(query: EventQuery): EventPage {
    const { rows, nextCursor } = this.#pager.page(query);
    return { events: rows.map(toStoredEvent), nextCursor };
  }
}
