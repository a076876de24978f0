import type { Queryable } from '../postgres/pool.js';

/** One target column: its name, the PostgreSQL type of the parameter array, how to select it. */
export interface Column {
  name: string;
  /** The element type of the `unnest` parameter (`text`, `bytea`, `timestamptz`, ...). */
  type: string;
  /** The value as inserted, over `r.<name>` (e.g. a cast); @default `r.<name>` */
  select?: string;
}

/**
 * Inserts `rows` (values in `columns` order) in one statement, in the given order (so `seq`
 * keeps the source's order), skipping any row whose unique key is already there. Resolves how
 * many rows were inserted.
 */
export async function insertRows(client: Queryable, table: string, columns: readonly Column[], rows: readonly (readonly unknown[])[]): Promise<number> {
  if (rows.length === 0) return 0;
  const names = columns.map((column) => `"${column.name}"`).join(', ');
  const selects = columns.map((column) => column.select ?? `r."${column.name}"`).join(', ');
  const arrays = columns.map((column, index) => `$${index + 1}::${column.type}[]`).join(', ');
  const result = await client.query(
    `INSERT INTO ${table} (${names})
     SELECT ${selects} FROM unnest(${arrays}) WITH ORDINALITY AS r (${names}, ord)
      ORDER BY r.ord
     ON CONFLICT DO NOTHING`,
    columns.map((_, index) => rows.map((row) => row[index] ?? null)),
  );
  return result.rowCount ?? 0;
}
