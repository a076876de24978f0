/**
 * Which events a trigger listens to, from its fixed scope and the user's inputs. Pure.
 *
 * `event_type` is one exact type (`clarky.booking.confirmed`), a vendor pattern (`clarky.*`) or
 * `*`; empty means everything the trigger covers. `source_id` narrows to one source.
 */
import { catalogEntry, catalogFor, CATALOG, type EventEnvelope } from '../catalog/catalog';
import type { Parsed } from '../relay/parse';
import { isVendor, VENDOR_NAMES, type Vendor } from '../vendors';

export interface TriggerScope {
  /** null: any vendor. */
  vendor: Vendor | null;
  /** Set when the trigger is one event type and has no event type field. */
  fixedType: string | null;
}

export interface Selection {
  /** What the relay subscription listens to (`event_types: [pattern]`). */
  pattern: string;
  /** The matching `GET /events` filter. */
  type: string | null;
  vendor: Vendor | null;
  sourceId: string | null;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function parsePattern(pattern: string): Parsed<Pick<Selection, 'type' | 'vendor'>> {
  if (pattern === '*') return { ok: true, value: { type: null, vendor: null } };
  const dot = pattern.indexOf('.');
  const vendor = dot > 0 ? pattern.slice(0, dot) : '';
  const rest = dot > 0 ? pattern.slice(dot + 1) : '';
  if (!isVendor(vendor) || rest === '') {
    return { ok: false, error: `Expected Event Type to be \`*\`, \`<vendor>.*\` or \`<vendor>.<event>\` (vendors: clockwork, clockwise_md, clarityflow, clarky), got ${JSON.stringify(pattern)}.` };
  }
  return { ok: true, value: rest === '*' ? { type: null, vendor } : { type: pattern, vendor } };
}

export function readSelection(scope: TriggerScope, inputData: Record<string, unknown>): Parsed<Selection> {
  const chosen = scope.fixedType ?? text(inputData['event_type']);
  const pattern = chosen !== '' ? chosen : scope.vendor ? `${scope.vendor}.*` : '*';
  const parsed = parsePattern(pattern);
  if (!parsed.ok) return parsed;
  if (scope.vendor && parsed.value.vendor !== scope.vendor) {
    return { ok: false, error: `This trigger only covers ${VENDOR_NAMES[scope.vendor]} events: expected an Event Type starting with \`${scope.vendor}.\`, got ${JSON.stringify(pattern)}.` };
  }
  const sourceId = text(inputData['source_id']);
  return { ok: true, value: { pattern, ...parsed.value, sourceId: sourceId === '' ? null : sourceId } };
}

/** The bundled catalog's sample for a selection (none for a type the bundled catalog lacks). */
export function fallbackSample(selection: Selection): EventEnvelope | null {
  if (selection.type !== null) return catalogEntry(selection.type)?.sample ?? null;
  const entries = selection.vendor ? catalogFor(selection.vendor) : CATALOG;
  return entries[0]?.sample ?? null;
}
