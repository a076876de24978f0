import type { Normalized, Vendor } from '../vendors/types.js';
import type { EventEnvelope } from './envelope.js';

/** Where an event came from and what the relay decided about it; the rest comes from the vendor module. */
export interface EnvelopeOrigin {
  id: string;
  vendor: Vendor;
  source: { id: string; name: string };
  receivedAt: Date;
  /** Whether `<vendor>.<vendorEvent>` is in the catalog (`catalog/catalog.ts` `isCataloged`). */
  cataloged: boolean;
}

/** The envelope of one normalized body. Pure; copies nothing but references `n`'s parts. */
export function toEnvelope(n: Normalized, origin: EnvelopeOrigin): EventEnvelope {
  return {
    id: origin.id,
    type: `${origin.vendor}.${n.vendorEvent}`,
    vendor: origin.vendor,
    vendor_event: n.vendorEvent,
    cataloged: origin.cataloged,
    occurred_at: n.occurredAt,
    received_at: origin.receivedAt.toISOString(),
    source: origin.source,
    person: n.person,
    data: n.data,
    warnings: n.warnings,
  };
}
