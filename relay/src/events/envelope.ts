import type { Person, Vendor } from '../vendors/types.js';

/** The normalized event every subscriber receives (docs/contract.md, "The event a subscriber receives"). */
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
  /** Extension: what the relay fixed or could not read on the way in. Always present, often empty. */
  warnings: string[];
}
