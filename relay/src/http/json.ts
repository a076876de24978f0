/**
 * Strict JSON for vendor bodies: parsed with prototype-poisoning protection, then refused if
 * nested deeper than the limit, before any recursive code (normalizers, cleaning) sees it.
 */
import sjson from 'secure-json-parse';
import { AppError } from '../errors.js';

/**
 * Nesting of objects/arrays in a parsed value (a scalar is 0, `{}` and `[]` are 1), walked level by
 * level without recursion, stopping as soon as it passes `limit`. Checking after parsing is safe:
 * V8's JSON.parse does not recurse (it takes a body of a million `[` without growing the stack),
 * and it is cheaper than scanning the text, since it visits values rather than characters.
 */
export function nestingDepth(value: unknown, limit: number): number {
  let level: unknown[] = value !== null && typeof value === 'object' ? [value] : [];
  let depth = 0;
  while (level.length > 0) {
    depth++;
    if (depth > limit) return depth;
    const next: unknown[] = [];
    for (const node of level) {
      const children = Array.isArray(node) ? node : Object.values(node as object);
      for (const child of children) if (child !== null && typeof child === 'object') next.push(child);
    }
    level = next;
  }
  return depth;
}

export function parseJsonBody(body: Buffer, maxDepth: number): unknown {
  if (body.length === 0) {
    throw new AppError('empty_body', 'The request body is empty; expected a JSON object.');
  }
  const text = decodeUtf8(body);
  if (text.trim() === '') throw new AppError('empty_body', 'The request body is only white space; expected a JSON object.');
  let value: unknown;
  try {
    value = sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (err) {
    throw new AppError('invalid_json', `The body is not valid JSON: ${describeJsonError(err, text)}`);
  }
  if (nestingDepth(value, maxDepth) > maxDepth) {
    throw new AppError('too_deep', `JSON nesting deeper than the limit of ${maxDepth} levels (SWITCHBOARD_MAX_DEPTH).`);
  }
  return value;
}

function decodeUtf8(body: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body);
  } catch {
    throw new AppError('invalid_json', 'The body is not valid UTF-8 text.');
  }
}

function describeJsonError(err: unknown, text: string): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/prototype|constructor/i.test(message)) return 'it contains a forbidden "__proto__" or "constructor.prototype" key.';
  const head = text.trimStart().slice(0, 1);
  if (head === '<') return 'it starts with "<" (an HTML page?). Check that the vendor posts JSON.';
  return `${message.replace(/^JSON\.parse: /, '')}.`;
}
