/**
 * Mutated vendor bodies: a fixture with a few edits at random places (a value replaced by one of
 * another type, a key added or removed, an object wrapped in an array, a subtree repeated, a
 * subtree nested deeper, up to the depth limit). Every body is passed through JSON, so it is
 * exactly what the relay's parser would hand a normalizer.
 */
import fc from 'fast-check';
import { nestingDepth } from '../../../src/http/json.js';
import { bigKey, bigValue, hostileKey, hostileValue } from './hostile.js';

/** The relay's default SWITCHBOARD_MAX_DEPTH: deeper bodies are refused before any normalizer runs. */
export const DEPTH_LIMIT = 64;
/** A repeated subtree stops at about this many serialized bytes (small / big cases), so edits cannot multiply into gigabytes. */
const MAX_REPEATED_BYTES = { small: 20_000, big: 400_000 };

type Edit =
  | { op: 'replace'; value: unknown }
  | { op: 'add'; key: string; value: unknown }
  | { op: 'remove' }
  | { op: 'wrap' }
  | { op: 'repeat'; times: number; maxBytes: number }
  | { op: 'deepen'; levels: number; inArray: boolean };

/** Where an edit lands: each number picks a child at one level (modulo the child count), until a scalar or the end. */
interface Located {
  route: number[];
  edit: Edit;
}

function editArbitrary(keys: readonly string[], big: boolean): fc.Arbitrary<Edit> {
  const value = big ? fc.oneof({ weight: 1, arbitrary: bigValue(keys) }, { weight: 2, arbitrary: hostileValue(keys) }) : hostileValue(keys);
  const key = big ? fc.oneof(bigKey(), hostileKey(keys)) : hostileKey(keys);
  return fc.oneof(
    { weight: 4, arbitrary: value.map((v): Edit => ({ op: 'replace', value: v })) },
    { weight: 4, arbitrary: fc.tuple(key, value).map(([k, v]): Edit => ({ op: 'add', key: k, value: v })) },
    { weight: 2, arbitrary: fc.constant<Edit>({ op: 'remove' }) },
    { weight: 1, arbitrary: fc.constant<Edit>({ op: 'wrap' }) },
    { weight: 1, arbitrary: fc.integer({ min: 2, max: big ? 3000 : 20 }).map((times): Edit => ({ op: 'repeat', times, maxBytes: MAX_REPEATED_BYTES[big ? 'big' : 'small'] })) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: DEPTH_LIMIT }), fc.boolean()).map(([levels, inArray]): Edit => ({ op: 'deepen', levels, inArray })) },
  );
}

/**
 * A fixture from `seeds` with 1-5 edits. `big` allows the rare large values and keys (a few
 * hundred KB at most); keep its run count low.
 */
export function mutatedBody(seeds: readonly unknown[], keys: readonly string[], big = false): fc.Arbitrary<unknown> {
  const located = fc.record({ route: fc.array(fc.nat(), { maxLength: 6 }), edit: editArbitrary(keys, big) });
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(located, { minLength: 1, maxLength: 5 }))
    .map(([seed, edits]) => toWire(edits.reduce<unknown>((body, edit) => applyEdit(body, edit), toWire(seed))))
    .filter((body) => nestingDepth(body, DEPTH_LIMIT) <= DEPTH_LIMIT);
}

/** What a body becomes on the wire and back: plain objects, no `undefined`, `-0` as `0`. */
export function toWire(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value) ?? 'null');
}

function applyEdit(body: unknown, { route, edit }: Located): unknown {
  return editAt(body, route, edit, 0);
}

/** `node` with `edit` applied at the end of `route`; `depth` counts the containers above `node`. Copies what it changes. */
function editAt(node: unknown, route: readonly number[], edit: Edit, depth: number): unknown {
  const children = childKeys(node);
  const [step, ...rest] = route;
  if (step === undefined || children.length === 0) return change(node, edit, depth);
  const pick = children[step % children.length] ?? '';
  if (Array.isArray(node)) {
    const copy = [...node];
    copy[Number(pick)] = editAt(node[Number(pick)], rest, edit, depth + 1);
    return copy;
  }
  const record = node as Record<string, unknown>;
  return withKey(record, pick, editAt(record[pick], rest, edit, depth + 1));
}

function change(node: unknown, edit: Edit, depth: number): unknown {
  switch (edit.op) {
    case 'replace':
      return edit.value;
    case 'add':
      if (Array.isArray(node)) return [...node, edit.value];
      return isObject(node) ? withKey(node, edit.key, edit.value) : { [edit.key]: edit.value };
    case 'remove':
      return removeOne(node);
    case 'wrap':
      return [node];
    case 'repeat': {
      const size = JSON.stringify(node)?.length ?? 4;
      return Array.from({ length: Math.max(1, Math.min(edit.times, Math.floor(edit.maxBytes / size))) }, () => node);
    }
    case 'deepen': {
      const room = DEPTH_LIMIT - depth - nestingDepth(node, DEPTH_LIMIT);
      let out = node;
      for (let i = 0; i < Math.min(edit.levels, room); i++) out = edit.inArray ? [out] : { nested: out };
      return out;
    }
    default:
      return assertNever(edit);
  }
}

function removeOne(node: unknown): unknown {
  if (Array.isArray(node)) return node.slice(1);
  if (!isObject(node)) return null;
  const [first] = Object.keys(node);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(node)) if (key !== first) define(copy, key, node[key]);
  return copy;
}

function childKeys(node: unknown): string[] {
  if (Array.isArray(node)) return node.map((_, i) => String(i));
  return isObject(node) ? Object.keys(node) : [];
}

function withKey(record: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const k of Object.keys(record)) define(copy, k, record[k]);
  define(copy, key, value);
  return copy;
}

/** An own property even for `__proto__`, as JSON.parse makes it. */
function define(record: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function assertNever(value: never): never {
  throw new Error(`unexpected edit ${JSON.stringify(value)}`);
}
