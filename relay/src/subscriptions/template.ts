/**
 * `payload_template` (docs/contract.md): a JSON text with `{{path}}` placeholders, rendered per event
 * into the delivery body.
 *
 * - Inside a JSON string, `{{path}}` becomes the value's text, JSON-escaped, so quotes or
 *   newlines in a value cannot break the JSON. Strings as they are, numbers and booleans as
 *   written, objects and arrays as JSON text, null or missing as the empty string.
 * - As a whole value (`{"data": {{data}}}`, unquoted) it becomes the value's JSON; missing
 *   becomes `null`.
 * - Paths read own properties only (see `path.ts`); `{{ person.email }}` may have inner spaces.
 *
 * Whether the output is valid JSON does not depend on the event: every substitution is a valid
 * JSON string body or a valid JSON value. So a template that renders valid JSON once (checked
 * at save time) always does, and the check can say where the template itself breaks.
 */
import { AppError, invalidField } from '../errors.js';
import { locateJsonError } from './jsonLocate.js';
import { lookupPath } from './path.js';
import { describeOffset, scanTemplate, type Piece } from './templateScan.js';

export const TEMPLATE_LIMITS = {
  /** Bytes of template text (UTF-8). */
  bytes: 64 * 1024,
  /** Placeholders in one template. */
  placeholders: 200,
  /** Characters of one rendered body; past it rendering throws `payload_too_large`. */
  rendered: 2 * 1024 * 1024,
} as const;

const FIELD = 'payload_template';

function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

function jsonOf(value: unknown): string {
  return value === undefined ? 'null' : (JSON.stringify(value) ?? 'null');
}

function templateError(text: string, offset: number, expected: string, problem: string): AppError {
  return new AppError('invalid_field', `Expected \`${FIELD}\` to ${expected}; at ${describeOffset(text, offset)}: ${problem}.`, { field: FIELD });
}

/** The template's pieces, or the save-time error for its size or a malformed placeholder. */
function parse(text: string): Piece[] | AppError {
  const bytes = Buffer.byteLength(text);
  if (bytes > TEMPLATE_LIMITS.bytes) {
    return new AppError('invalid_field', `Expected \`${FIELD}\` to be at most ${TEMPLATE_LIMITS.bytes} bytes, got ${bytes}.`, { field: FIELD });
  }
  const pieces = scanTemplate(text);
  if (!Array.isArray(pieces)) return templateError(text, pieces.offset, 'hold well-formed placeholders', pieces.message);
  const count = pieces.filter((piece) => piece.kind === 'placeholder').length;
  if (count > TEMPLATE_LIMITS.placeholders) {
    return new AppError('invalid_field', `Expected \`${FIELD}\` to hold at most ${TEMPLATE_LIMITS.placeholders} placeholders, got ${count}.`, { field: FIELD });
  }
  return pieces;
}

/** The template with every placeholder swapped for a stand-in of the same length, for locating errors. */
function probe(pieces: readonly Piece[]): string {
  return pieces
    .map((piece) => {
      if (piece.kind === 'text') return piece.text;
      return piece.inString ? 'x'.repeat(piece.length) : 'null'.padEnd(piece.length, ' ');
    })
    .join('');
}

function render(pieces: readonly Piece[], event: unknown): string {
  let out = '';
  for (const piece of pieces) {
    if (piece.kind === 'text') out += piece.text;
    else if (piece.inString) out += JSON.stringify(textOf(lookupPath(event, piece.path))).slice(1, -1);
    else out += jsonOf(lookupPath(event, piece.path));
    if (out.length > TEMPLATE_LIMITS.rendered) {
      throw new AppError('payload_too_large', `The rendered \`${FIELD}\` is over ${TEMPLATE_LIMITS.rendered} characters.`, { field: FIELD });
    }
  }
  return out;
}

/**
 * Save-time check: null when the template is usable, else an error naming `payload_template`
 * and where it breaks (line and column of the template itself).
 */
export function validateTemplate(text: unknown, sampleEvent: unknown): AppError | null {
  if (typeof text !== 'string') return invalidField(FIELD, 'a JSON text with `{{path}}` placeholders', text);
  const pieces = parse(text);
  if (pieces instanceof AppError) return pieces;
  const stand = probe(pieces);
  const problem = locateJsonError(stand);
  if (problem) return templateError(text, problem.offset, 'render valid JSON', problem.message);
  try {
    JSON.parse(stand);
    JSON.parse(render(pieces, sampleEvent));
  } catch (error) {
    if (error instanceof AppError) return error;
    return new AppError('invalid_field', `Expected \`${FIELD}\` to render valid JSON from a sample event.`, { field: FIELD });
  }
  return null;
}

/**
 * The delivery body for one event. Throws the `AppError` `validateTemplate` would have
 * returned for a malformed template, and `payload_too_large` past the rendered-size limit.
 */
export function renderTemplate(text: string, event: unknown): string {
  const pieces = parse(text);
  if (pieces instanceof AppError) throw pieces;
  return render(pieces, event);
}
