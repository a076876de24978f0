/**
 * Every string field of a body, one at a time: the systematic complement of random mutation, for
 * properties where one particular field matters (a URL a slug is cut from, a name that is copied).
 */

export type Route = readonly (string | number)[];

/** The route to every string value in `value`, depth first. */
export function stringLeaves(value: unknown, route: Route = []): Route[] {
  if (typeof value === 'string') return [route];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringLeaves(item, [...route, i]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => stringLeaves(child, [...route, key]));
  }
  return [];
}

/** A copy of `value` with the value at `route` replaced by `change(old)`. */
export function updateAt(value: unknown, route: Route, change: (old: unknown) => unknown): unknown {
  const [step, ...rest] = route;
  if (step === undefined) return change(value);
  if (Array.isArray(value)) return value.map((item, i) => (i === step ? updateAt(item, rest, change) : item));
  const record = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    const child = key === step ? updateAt(record[key], rest, change) : record[key];
    Object.defineProperty(copy, key, { value: child, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}
