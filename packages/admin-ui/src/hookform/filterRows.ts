/**
 * Filter conditions as editable rows (path, operator, value) and back. Rows cover the common
 * case, every condition must hold; filters using `$or` or several operators on one path stay in
 * JSON. Pure.
 */

export type Op = '$eq' | '$ne' | '$in' | '$nin' | '$exists' | '$missing' | '$regex' | '$gt' | '$gte' | '$lt' | '$lte';

export interface Row {
  path: string;
  op: Op;
  value: string;
}

export const OPS: { op: Op; label: string; needsValue: boolean }[] = [
  { op: '$eq', label: 'equals', needsValue: true },
  { op: '$ne', label: 'does not equal', needsValue: true },
  { op: '$in', label: 'is one of (comma-separated)', needsValue: true },
  { op: '$nin', label: 'is none of (comma-separated)', needsValue: true },
  { op: '$exists', label: 'is present', needsValue: false },
  { op: '$missing', label: 'is missing', needsValue: false },
  { op: '$regex', label: 'matches the regular expression', needsValue: true },
  { op: '$gt', label: 'is greater than', needsValue: true },
  { op: '$gte', label: 'is at least', needsValue: true },
  { op: '$lt', label: 'is less than', needsValue: true },
  { op: '$lte', label: 'is at most', needsValue: true },
];

type Scalar = string | number | boolean | null;

/** `42`, `true`, `null` and `"quoted"` are typed JSON values; anything else is text. */
export function parseScalar(text: string): Scalar {
  const trimmed = text.trim();
  if (/^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null|".*")$/.test(trimmed)) {
    try {
      return JSON.parse(trimmed) as Scalar;
    } catch {
      return text;
    }
  }
  return text;
}

function showScalar(value: unknown): string {
  if (typeof value === 'string') return /^(-?\d+(\.\d+)?|true|false|null)$/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

function condition(row: Row): unknown {
  switch (row.op) {
    case '$exists':
      return { $exists: true };
    case '$missing':
      return { $exists: false };
    case '$in':
    case '$nin':
      return { [row.op]: row.value.split(',').map((part) => parseScalar(part.trim())) };
    case '$regex':
      return { $regex: row.value };
    default:
      return { [row.op]: parseScalar(row.value) };
  }
}

/** The filter object for the rows (null for none). A path used twice becomes `$and`. */
export function rowsToFilter(rows: readonly Row[]): Record<string, unknown> | null {
  const used = rows.filter((row) => row.path.trim() !== '');
  if (used.length === 0) return null;
  const paths = used.map((row) => row.path.trim());
  if (new Set(paths).size !== paths.length) return { $and: used.map((row) => ({ [row.path.trim()]: condition(row) })) };
  return Object.fromEntries(used.map((row) => [row.path.trim(), condition(row)]));
}

function rowFor(path: string, spec: unknown): Row | null {
  if (spec === null || typeof spec !== 'object') return { path, op: '$eq', value: showScalar(spec) };
  if (Array.isArray(spec)) return null;
  const entries = Object.entries(spec);
  if (entries.length !== 1) return null;
  const [op, value] = entries[0] as [string, unknown];
  if (op === '$exists') return { path, op: value === false ? '$missing' : '$exists', value: '' };
  if (op === '$in' || op === '$nin') return Array.isArray(value) ? { path, op, value: value.map(showScalar).join(', ') } : null;
  if (op === '$regex') return typeof value === 'string' ? { path, op, value } : null;
  if (['$eq', '$ne', '$gt', '$gte', '$lt', '$lte'].includes(op)) return { path, op: op as Op, value: showScalar(value) };
  return null;
}

/** Rows for a stored filter, or null when it needs the JSON editor. */
export function filterToRows(filter: Record<string, unknown> | null): Row[] | null {
  if (filter === null) return [];
  const rows: Row[] = [];
  for (const [path, spec] of Object.entries(filter)) {
    if (path.startsWith('$')) return null;
    const row = rowFor(path, spec);
    if (!row) return null;
    rows.push(row);
  }
  return rows;
}
