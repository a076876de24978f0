/**
 * Filter `$regex` on a linear-time engine. JavaScript's own RegExp backtracks: one pattern such
 * as `(.|\s)*urgent` against one long message can keep the event loop busy for minutes, and
 * filters run on ingest, replay and preview. RE2 (here re2js, its pure-JavaScript port; engines
 * compared in docs/performance.md, "Filter regular expressions") matches in time linear in the
 * subject, whatever the pattern, and refuses at compile time what it cannot run in linear time:
 * backreferences and lookaround. Those are refused when a filter is saved, naming the construct.
 *
 * Semantics kept from the documented `$regex` / `$options`: an unanchored search; `i`, `m`, `s`
 * as in JavaScript. Differences (documented in the README's filter section): `\s`, `\d`, `\w` and
 * `\b` are ASCII-only in RE2, case-insensitive matching folds Unicode case, repetition counts stop
 * at 1000, and a subject is searched in its first `MAX_SUBJECT_CHARS` characters.
 */
import { RE2JS } from 're2js';

/** Characters of a string a `$regex` looks at: past this a subject is cut (bounds time per test). */
export const MAX_SUBJECT_CHARS = 65_536;

export interface LinearRegex {
  /** True when the pattern occurs in (the first `MAX_SUBJECT_CHARS` characters of) `subject`. */
  test(subject: string): boolean;
}

const FLAGS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL };

/** Constructs RE2 refuses, by the piece of its error message that shows them, in the user's words. */
const UNSUPPORTED: { test: (message: string) => boolean; construct: string }[] = [
  { test: (m) => /escape sequence: `\\[1-9]/.test(m), construct: 'a backreference (`\\1`…`\\9`)' },
  { test: (m) => /escape sequence: `\\k/.test(m), construct: 'a named backreference (`\\k<name>`)' },
  { test: (m) => m.includes('`(?='), construct: 'a lookahead (`(?=…)`)' },
  { test: (m) => m.includes('`(?!'), construct: 'a negative lookahead (`(?!…)`)' },
  { test: (m) => m.includes('`(?<='), construct: 'a lookbehind (`(?<=…)`)' },
  { test: (m) => m.includes('`(?<!'), construct: 'a negative lookbehind (`(?<!…)`)' },
  { test: (m) => m.includes('nested repetition'), construct: 'a possessive or doubled quantifier (such as `a++` or `a**`)' },
  { test: (m) => m.includes('repeat count'), construct: 'a repetition count over 1000 (such as `a{2000}`)' },
];

/**
 * Compiles `source` with the `$options` flags (validated by the caller: `i`, `m`, `s`). Returns
 * the matcher, or why it cannot run here, as a sentence naming the construct. Never throws.
 */
export function compileLinearRegex(source: string, options: string): LinearRegex | { problem: string } {
  let flags = 0;
  for (const flag of options) flags |= FLAGS[flag] ?? 0;
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(source, flags);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const unsupported = UNSUPPORTED.find((entry) => entry.test(message));
    if (unsupported) return { problem: `it uses ${unsupported.construct}, which Switchboard's linear-time regular-expression engine (RE2) does not support` };
    return { problem: `it is not a valid regular expression (${message.replace(/^error parsing regexp: /, '')})` };
  }
  return {
    test: (subject) => compiled.matcher(subject.length > MAX_SUBJECT_CHARS ? subject.slice(0, MAX_SUBJECT_CHARS) : subject).find(),
  };
}
