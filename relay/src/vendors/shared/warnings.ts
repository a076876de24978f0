/**
 * Bounded warnings (docs/vendors.md, "How much bigger an event can be than its request"). A body
 * chooses how many fields it has, so nothing here may grow with it: a kind of warning that can
 * occur once per field is listed a few times and then summarized, and the whole list has a budget.
 */
import { headOf } from './fieldPath.js';

/** How many warnings of one kind are listed before the rest become one summary line. */
export const LISTED_PER_KIND = 5;
/** At most this many warnings on an event, the last one possibly saying how many were left out. */
export const MAX_WARNINGS = 20;
/** A longer warning is cut to this many characters, ending in `…`. */
export const MAX_WARNING_LENGTH = 300;
/** The serialized `warnings` array never exceeds this many bytes. */
export const WARNINGS_BUDGET_BYTES = 8 * 1024;

/** Room kept in the budget for the "left out" line (about 80 bytes). */
const OMITTED_LINE_BYTES = 128;

/**
 * Collects warnings of kinds that repeat per field. `kind` names the kind in the summary line
 * (`…and 28889 more of the same kind (an id kept in the vendor's id type).`); `message` is only
 * called for the listed ones, so a body with 28,894 retyped ids builds 5 strings, not 28,894.
 */
export class WarningLog {
  readonly #listed: string[] = [];
  readonly #counts = new Map<string, number>();

  add(kind: string, message: () => string): void {
    const count = (this.#counts.get(kind) ?? 0) + 1;
    this.#counts.set(kind, count);
    if (count <= LISTED_PER_KIND) this.#listed.push(message());
  }

  /** The listed warnings in order of arrival, then one summary line per kind that went past the limit. */
  list(): string[] {
    const summaries: string[] = [];
    for (const [kind, count] of this.#counts) {
      if (count > LISTED_PER_KIND) summaries.push(`…and ${count - LISTED_PER_KIND} more of the same kind (${kind}).`);
    }
    return summaries.length === 0 ? this.#listed : [...this.#listed, ...summaries];
  }
}

/**
 * The vendor-neutral last word on an event's warnings: each cut to MAX_WARNING_LENGTH, at most
 * MAX_WARNINGS of them and at most WARNINGS_BUDGET_BYTES serialized; what does not fit is
 * replaced by one line saying how many were left out. Pure.
 */
export function capWarnings(warnings: string[]): string[] {
  if (warnings.length === 0) return warnings;
  const out: string[] = [];
  let bytes = 2; // the brackets
  for (let i = 0; i < warnings.length; i++) {
    const rest = warnings.length - i;
    const warning = shorten(warnings[i] ?? '');
    const size = Buffer.byteLength(JSON.stringify(warning)) + 1; // and its comma
    const lastSlot = out.length === MAX_WARNINGS - 1 && rest > 1;
    if (lastSlot || bytes + size > WARNINGS_BUDGET_BYTES - OMITTED_LINE_BYTES) {
      out.push(`…and ${rest} more warnings, not listed (an event keeps at most ${MAX_WARNINGS} warnings and 8 KiB of them).`);
      return out;
    }
    out.push(warning);
    bytes += size;
  }
  return out;
}

function shorten(warning: string): string {
  return warning.length <= MAX_WARNING_LENGTH ? warning : `${headOf(warning, MAX_WARNING_LENGTH - 1)}…`;
}
