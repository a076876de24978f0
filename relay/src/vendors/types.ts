import type { AppError } from '../errors.js';

export const VENDORS = ['clockwork', 'clockwise_md', 'clarityflow', 'clarky'] as const;
export type Vendor = (typeof VENDORS)[number];

export function isVendor(value: unknown): value is Vendor {
  return typeof value === 'string' && (VENDORS as readonly string[]).includes(value);
}

/** The same shape for every vendor, so one workflow can serve them all. Unknown parts are null. */
export interface Person {
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
}

export interface NormalizeContext {
  /** When the relay received the request; the fallback for `occurred_at`. */
  receivedAt: Date;
}

/** What a vendor module makes of one accepted body. */
export interface Normalized {
  /** The vendor's own event string, verbatim (`booking.confirmed`, `checkin`, ...). */
  vendorEvent: string;
  /** ISO-8601 UTC with milliseconds (`2026-03-03T15:01:09.012Z`). */
  occurredAt: string;
  person: Person | null;
  /** The vendor payload, cleaned: valid timestamps, typed ids. */
  data: Record<string, unknown>;
  /** Things the relay fixed or could not read, kept on the event (e.g. an unreadable timestamp). */
  warnings: string[];
  /** The vendor's own delivery id for dedupe (Clarityflow's envelope `id`), or null when it has none. */
  dedupeKey: string | null;
}

export type NormalizeResult = { ok: true; value: Normalized } | { ok: false; error: AppError };

export interface CatalogEntry {
  /** Wire string, e.g. `booking.confirmed`. The event type is `<vendor>.<vendorEvent>`. */
  vendorEvent: string;
  title: string;
  description: string;
  /** A raw vendor body for this event, as the vendor would send it. */
  sample: Record<string, unknown>;
}

/** How the vendor carries the source token, and where the user pastes what. */
export interface VendorSetup {
  /** The form the relay hands out first for this vendor. */
  preferredAuth: 'path' | 'authtoken_header' | 'bearer_header';
  /** Step-by-step instructions; `{ingest_url}`, `{ingest_base_url}` and `{token}` are filled in. */
  steps: string[];
}

export interface VendorModule {
  vendor: Vendor;
  /** Display name, e.g. `Clockwise.MD`. */
  name: string;
  catalog: readonly CatalogEntry[];
  setup: VendorSetup;
  /** Pure: never throws, never does I/O. `body` is already-parsed JSON of any shape. */
  normalize(body: unknown, ctx: NormalizeContext): NormalizeResult;
}
