/** Reading values out of a vendor payload whose shape varies (NOTES.md: several shapes are inferred). */
import { isRecord } from '../relay/parse';

export type FlatValue = string | number | boolean | null;

/** The value at a path of object keys, or undefined when any step is missing or not an object. */
export function at(root: unknown, ...path: readonly string[]): unknown {
  let node = root;
  for (const key of path) {
    if (!isRecord(node)) return undefined;
    node = node[key];
  }
  return node;
}

/** The first of several candidates that is a string or a finite number; null when none is. */
export function scalar(...candidates: readonly unknown[]): string | number | null {
  for (const value of candidates) {
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return null;
}
