/** Small type guards for `unknown` vendor JSON. */

/** A JSON object: not null, not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** The trimmed string, or null for anything else (including blank strings). */
export function textOrNull(value: unknown): string | null {
  return isNonEmptyString(value) ? value.trim() : null;
}

/** `record[key]` when `record` is a JSON object, else undefined. */
export function field(record: unknown, key: string): unknown {
  return isRecord(record) ? record[key] : undefined;
}
