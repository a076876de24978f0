/**
 * Field paths as warnings show them (`payload.items[3].product_id`), with a bounded length: the
 * keys come from the sender, so a path is only a pointer for a human, never a copy of the keys.
 */

/** A key longer than this is shown as its start and its length (`kkkk…(2000 characters)`). */
export const MAX_KEY_SHOWN = 32;
/** A path longer than this keeps its first segment and its end, joined by `…`. */
export const MAX_PATH_SHOWN = 160;

/** Keys and array indexes from the root to a field; callers push and pop as they walk. */
export type Trail = (string | number)[];

export function formatPath(trail: readonly (string | number)[]): string {
  let path = '';
  for (const segment of trail) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else path += (path === '' ? '' : '.') + shortKey(segment);
  }
  if (path.length <= MAX_PATH_SHOWN) return path;
  const first = trail[0];
  const head = typeof first === 'number' ? `[${first}]` : shortKey(first ?? '');
  const tailLength = MAX_PATH_SHOWN - head.length - 1;
  return `${head}…${tailOf(path, tailLength)}`;
}

function shortKey(key: string): string {
  if (key.length <= MAX_KEY_SHOWN) return key;
  return `${headOf(key, MAX_KEY_SHOWN - 16)}…(${key.length} characters)`;
}

/** The first `n` UTF-16 units, one fewer if the cut would split a surrogate pair. */
export function headOf(text: string, n: number): string {
  const code = text.charCodeAt(n - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? n - 1 : n);
}

/** The last `n` UTF-16 units, one fewer if the cut would split a surrogate pair. */
function tailOf(text: string, n: number): string {
  const from = text.length - n;
  const code = text.charCodeAt(from);
  return text.slice(code >= 0xdc00 && code <= 0xdfff ? from + 1 : from);
}
