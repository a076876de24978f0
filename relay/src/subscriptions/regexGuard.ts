/**
 * A save-time guard against regular expressions that backtrack catastrophically, for filter
 * `$regex`. JavaScript's engine backtracks, and a filter runs on every event, so a pattern like
 * `(a+)+$` could stall delivery for everyone.
 *
 * Refused: a repeated group that itself holds an unbounded quantifier (`(a+)+`, `(\w*\s?){2,}`,
 * `(?:x+y?)*`) and backreferences (`\1`, `\k<name>`). This is a heuristic, not a proof: it does
 * not catch overlapping alternatives (`(a|a)*`) or chained quantifiers (`\d*\d*\d*`), whose cost
 * is bounded here by the pattern length limit and the event size limit.
 */

interface Frame {
  /** The group holds `*`, `+` or `{n,}` somewhere inside. */
  unbounded: boolean;
}

interface Quantifier {
  /** Characters it spans. */
  length: number;
  /** It allows more than one repetition. */
  repeats: boolean;
  /** It has no upper bound. */
  unbounded: boolean;
}

const BRACES = /^\{(\d+)(,(\d*))?\}/;

function quantifierAt(pattern: string, index: number): Quantifier | null {
  const char = pattern[index];
  if (char === '*' || char === '+') return { length: 1, repeats: true, unbounded: true };
  if (char === '?') return { length: 1, repeats: false, unbounded: false };
  if (char !== '{') return null;
  const braces = BRACES.exec(pattern.slice(index));
  if (!braces) return null;
  const upper = braces[2] === undefined ? Number(braces[1]) : braces[3] === '' ? Infinity : Number(braces[3]);
  return { length: braces[0].length, repeats: upper > 1, unbounded: upper === Infinity };
}

/** Index just past the `(`-prefix of a group: `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!`, `(?<name>`. */
function skipGroupPrefix(pattern: string, index: number): number {
  if (pattern[index] !== '?') return index;
  if (pattern[index + 1] !== '<') return index + 2;
  if (pattern[index + 2] === '=' || pattern[index + 2] === '!') return index + 3;
  const close = pattern.indexOf('>', index);
  return close < 0 ? pattern.length : close + 1;
}

/** Index of the `]` closing the class that starts at `index`, or the end. */
function skipClass(pattern: string, index: number): number {
  let at = index + 1;
  if (pattern[at] === ']') at += 1;
  while (at < pattern.length && pattern[at] !== ']') at += pattern[at] === '\\' ? 2 : 1;
  return at;
}

/** Why the pattern is refused, or null when it passes. Assumes the pattern compiles. */
export function findRegexHazard(pattern: string): string | null {
  const stack: Frame[] = [{ unbounded: false }];
  let index = 0;
  while (index < pattern.length) {
    const char = pattern[index];
    const top = stack[stack.length - 1] ?? { unbounded: false };
    if (char === '\\') {
      const next = pattern[index + 1] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && pattern[index + 2] === '<')) return 'backreferences are not allowed';
      index += 2;
    } else if (char === '[') {
      index = skipClass(pattern, index) + 1;
    } else if (char === '(') {
      stack.push({ unbounded: false });
      index = skipGroupPrefix(pattern, index + 1);
    } else if (char === ')') {
      const group = stack.pop() ?? { unbounded: false };
      const outer = stack[stack.length - 1] ?? { unbounded: false };
      const quantifier = quantifierAt(pattern, index + 1);
      if (group.unbounded && quantifier?.repeats) return 'nested quantifiers such as `(a+)+` can backtrack catastrophically';
      outer.unbounded ||= group.unbounded || (quantifier?.unbounded ?? false);
      index += 1 + (quantifier?.length ?? 0);
    } else {
      const quantifier = quantifierAt(pattern, index);
      if (quantifier?.unbounded) top.unbounded = true;
      index += quantifier?.length ?? 1;
    }
  }
  return null;
}
