/**
 * PostgreSQL `text` and `jsonb` cannot hold U+0000; SQLite can. Strings that come from outside
 * (subscriber responses, refused request bodies, error messages) are stored with U+0000 replaced
 * by U+FFFD, the replacement character, instead of failing the write. `json` columns (envelopes,
 * filters) keep the `\u0000` escape as text and need nothing.
 */
export function pgText(value: string): string;
export function pgText(value: string | null): string | null;
export function pgText(value: string | null): string | null {
  return value === null || !value.includes('\u0000') ? value : value.replaceAll('\u0000', '\uFFFD');
}

/** JSON text for a `jsonb` parameter, with U+0000 in string values replaced (see `pgText`). */
export function jsonbText(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'string' ? pgText(inner) : inner));
}
