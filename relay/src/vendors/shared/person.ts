import type { Person } from '../types.js';
import { isRecord, textOrNull } from './guards.js';

/** Loose person fields as a vendor sends them; every part optional and of unknown type. */
export interface PersonParts {
  email?: unknown;
  first_name?: unknown;
  last_name?: unknown;
  /** Split into first and last name only when neither of those is sent. */
  full_name?: unknown;
  phone?: unknown;
}

/** `"Priya  Natarajan"` -> Priya / Natarajan; `"Cher"` -> Cher / null; the rest of the words are the last name. */
export function splitFullName(name: unknown): { first_name: string | null; last_name: string | null } {
  const words = (textOrNull(name) ?? '').split(/\s+/).filter((w) => w !== '');
  const [first, ...rest] = words;
  return { first_name: first ?? null, last_name: rest.length > 0 ? rest.join(' ') : null };
}

/**
 * The primary value of a vendor list such as Clarky's `emails: [{email, is_primary}]`: the first
 * entry flagged `is_primary` with a usable value, else the first usable one. Plain strings count.
 */
export function primaryValue(list: unknown, key: string): string | null {
  if (!Array.isArray(list)) return null;
  const usable = list
    .map((item) => ({
      value: textOrNull(isRecord(item) ? item[key] : item),
      primary: isRecord(item) && item.is_primary === true,
    }))
    .filter((entry) => entry.value !== null);
  return (usable.find((entry) => entry.primary) ?? usable[0])?.value ?? null;
}

/** A `Person` from loose parts (trimmed; blanks are null), or null when nothing is known. */
export function toPerson(parts: PersonParts): Person | null {
  const sent = { first_name: textOrNull(parts.first_name), last_name: textOrNull(parts.last_name) };
  const names = sent.first_name === null && sent.last_name === null ? splitFullName(parts.full_name) : sent;
  const person: Person = { email: textOrNull(parts.email), ...names, phone: textOrNull(parts.phone) };
  return Object.values(person).some((v) => v !== null) ? person : null;
}

/** Field by field, the first known value among the candidates; null when none knows anything. */
export function mergePeople(...candidates: (Person | null)[]): Person | null {
  const known = candidates.filter((p): p is Person => p !== null);
  const pick = (key: keyof Person): string | null => known.find((p) => p[key] !== null)?.[key] ?? null;
  if (known.length === 0) return null;
  return { email: pick('email'), first_name: pick('first_name'), last_name: pick('last_name'), phone: pick('phone') };
}
