import type { Vendor } from '../vendors';

export interface Person {
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
}

/** The event the relay delivers (docs/contract.md "The event a subscriber receives"). */
export interface EventEnvelope {
  id: string;
  type: string;
  vendor: Vendor;
  vendor_event: string;
  cataloged: boolean;
  occurred_at: string;
  received_at: string;
  source: { id: string; name: string };
  person: Person | null;
  data: Record<string, unknown>;
  /** Relay extension: what it fixed or could not read on the way in. */
  warnings?: string[];
}

/** One entry of `GET /api/v1/event-types`. */
export interface CatalogEntry {
  type: string;
  vendor: Vendor;
  vendor_event: string;
  title: string;
  description: string;
  sample: EventEnvelope;
}
