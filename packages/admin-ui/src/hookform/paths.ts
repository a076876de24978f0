/** Dotted paths of an event, for the template's variables and the filter's suggestions. Pure. */
export function eventPaths(value: unknown, prefix = '', depth = 0, out: string[] = []): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || depth > 5) return out;
  for (const [key, child] of Object.entries(value)) {
    if (!/^[A-Za-z0-9_-]+$/.test(key)) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    out.push(path);
    eventPaths(child, path, depth + 1, out);
  }
  return out;
}

/** Inserts `snippet` over the selection of `text`; returns the new text and the caret after it. */
export function insertAt(text: string, start: number, end: number, snippet: string): { text: string; caret: number } {
  return { text: text.slice(0, start) + snippet + text.slice(end), caret: start + snippet.length };
}
