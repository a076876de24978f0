/**
 * Strict JSON for vendor bodies: depth is bounded before parsing (so a hostile body cannot
 * exhaust the stack), then parsed with prototype-poisoning protection.
 */
import sjson from 'secure-json-parse';
import { AppError } from '../errors.js';

/** Maximum nesting of objects/arrays in `text`, stopping early once `limit` is exceeded. Never throws. */
export function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return max;
}

export function parseJsonBody(body: Buffer, maxDepth: number): unknown {
  if (body.length === 0) {
    throw new AppError('empty_body', 'The request body is empty; expected a JSON object.');
  }
  const text = decodeUtf8(body);
  if (text.trim() === '') throw new AppError('empty_body', 'The request body is only white space; expected a JSON object.');
  const depth = nestingDepth(text, maxDepth);
  if (depth > maxDepth) {
    throw new AppError('too_deep', `JSON nesting deeper than the limit of ${maxDepth} levels (SWITCHBOARD_MAX_DEPTH).`);
  }
  try {
    return sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (err) {
    throw new AppError('invalid_json', `The body is not valid JSON: ${describeJsonError(err, text)}`);
  }
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
