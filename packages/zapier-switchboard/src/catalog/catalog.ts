/**
 * The event-type catalog bundled with the app (a generated copy of the relay's
 * `GET /api/v1/event-types`): titles for the dropdowns and samples for Zapier's field mapping
 * before any real event has arrived. The relay stays the authority for what it delivers.
 */
import type { Vendor } from '../vendors';
import { CATALOG } from './catalog.generated';
import type { CatalogEntry } from './types';

export { CATALOG };
export type { CatalogEntry, EventEnvelope, Person } from './types';

export function catalogEntry(type: string): CatalogEntry | undefined {
  return CATALOG.find((entry) => entry.type === type);
}

export function catalogFor(vendor: Vendor): CatalogEntry[] {
  return CATALOG.filter((entry) => entry.vendor === vendor);
}

/** The entry a trigger shows as its static sample; throws at load time if the catalog lacks it. */
export function requireEntry(type: string): CatalogEntry {
  const entry = catalogEntry(type);
  if (!entry) throw new Error(`The bundled catalog has no event type ${JSON.stringify(type)}: run scripts/generate-catalog.mjs.`);
  return entry;
}
