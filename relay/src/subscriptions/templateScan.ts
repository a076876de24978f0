/**
 * Splits a payload template into literal text and `{{path}}` placeholders, noting for each
 * placeholder whether it sits inside a JSON string. Every `{{` opens a placeholder: outside
 * strings `{{` never occurs in valid JSON, and inside strings a literal `{{` is not supported.
 */
import { parsePath } from './path.js';

export interface Placeholder {
  kind: 'placeholder';
  path: readonly string[];
  /** Inside a JSON string (render as escaped text) or in value position (render as JSON). */
  inString: boolean;
  /** Where `{{` starts in the template, and the placeholder's length up to `}}` included. */
  offset: number;
  length: number;
}

export type Piece = { kind: 'text'; text: string } | Placeholder;

export interface ScanProblem {
  offset: number;
  message: string;
}

function placeholderAt(text: string, offset: number, inString: boolean): Placeholder | ScanProblem {
  const close = text.indexOf('}}', offset + 2);
  if (close < 0) return { offset, message: 'a `{{` placeholder is never closed with `}}`' };
  const inner = text.slice(offset + 2, close);
  const path = parsePath(inner.trim());
  if (!path) {
    const shown = inner.length > 40 ? `${inner.slice(0, 37)}...` : inner;
    return { offset, message: `\`{{${shown}}}\` is not a dotted path like \`{{person.first_name}}\`` };
  }
  return { kind: 'placeholder', path, inString, offset, length: close + 2 - offset };
}

/** The pieces of a template, or the first malformed placeholder. */
export function scanTemplate(text: string): Piece[] | ScanProblem {
  const pieces: Piece[] = [];
  let inString = false;
  let textStart = 0;
  let at = 0;
  while (at < text.length) {
    const char = text[at];
    if (char === '{' && text[at + 1] === '{') {
      const piece = placeholderAt(text, at, inString);
      if (!('kind' in piece)) return piece;
      if (at > textStart) pieces.push({ kind: 'text', text: text.slice(textStart, at) });
      pieces.push(piece);
      at += piece.length;
      textStart = at;
      continue;
    }
    if (inString && char === '\\') at += 1;
    else if (char === '"') inString = !inString;
    at += 1;
  }
  if (text.length > textStart) pieces.push({ kind: 'text', text: text.slice(textStart) });
  return pieces;
}

/** `line 3, column 14` (1-based) for an offset, with a short excerpt of what is there. */
export function describeOffset(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  const near = text.slice(offset, offset + 20).replace(/\s+/g, ' ');
  return near.length > 0 ? `line ${line}, column ${column} (at \`${near}\`)` : `line ${line}, column ${column} (the end)`;
}
