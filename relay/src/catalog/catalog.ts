/**
 * The event-type catalog (docs/contract.md "Event types"), built from the vendor modules. Each
 * entry's `sample` is a full envelope made by normalizing the vendor's sample body, so the
 * plugins can show real field names before any event has arrived.
 */
import type { EventEnvelope } from '../events/envelope.js';
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
    const n = result.value;
    const sample: EventEnvelope = {
      id: `evt_sample_${module.vendor}_${String(i + 1).padStart(2, '0')}`,
      type,
      vendor: module.vendor,
      vendor_event: n.vendorEvent,
      cataloged: true,
      occurred_at: n.occurredAt,
      received_at: SAMPLE_TIME.toISOString(),
      source: { id: 'src_sample', name: `${module.name} (sample)` },
      person: n.person,
      data: n.data,
      warnings: n.warnings,
    };
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
