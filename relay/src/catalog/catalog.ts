/**
 * The event-type catalog (docs/contract.md "Event types"), built from the vendor modules. Each
 * entry's `sample` is a full envelope made by normalizing the vendor's sample body, so the
 * plugins can show real field names before any event has arrived.
 */
import type { EventEnvelope } from '../events/envelope.js';
import { toEnvelope } from '../events/toEnvelope.js';
import { VENDOR_MODULES } from '../vendors/index.js';
import { VENDORS, type Vendor, type VendorModule } from '../vendors/types.js';

export interface EventTypeInfo {
  type: string;
  vendor: Vendor;
  vendor_event: string;
  title: string;
  description: string;
  sample: EventEnvelope;
}

const SAMPLE_TIME = new Date('2026-03-03T15:01:09.250Z');

function buildCatalog(): EventTypeInfo[] {
  return VENDORS.flatMap((vendor) => entriesFor(VENDOR_MODULES[vendor]));
}

function entriesFor(module: VendorModule): EventTypeInfo[] {
  return module.catalog.map((entry, i) => {
    const type = `${module.vendor}.${entry.vendorEvent}`;
    const result = module.normalize(entry.sample, { receivedAt: SAMPLE_TIME });
    if (!result.ok) throw new Error(`catalog sample for ${type} does not normalize: ${result.error.message}`);
    const sample = toEnvelope(result.value, {
      id: `evt_sample_${module.vendor}_${String(i + 1).padStart(2, '0')}`,
      vendor: module.vendor,
      source: { id: 'src_sample', name: `${module.name} (sample)` },
      receivedAt: SAMPLE_TIME,
      cataloged: true,
    });
    return { type, vendor: module.vendor, vendor_event: entry.vendorEvent, title: entry.title, description: entry.description, sample };
  });
}

export const CATALOG: readonly EventTypeInfo[] = buildCatalog();
const BY_TYPE = new Map(CATALOG.map((e) => [e.type, e]));

export function isCataloged(type: string): boolean {
  return BY_TYPE.has(type);
}

export function catalogEntry(type: string): EventTypeInfo | undefined {
  return BY_TYPE.get(type);
}
