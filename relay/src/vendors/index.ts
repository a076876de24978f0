/**
 * The vendor registry. Adding a vendor is one folder (`vendors/<vendor>/`) and one line here;
 * the `Record<Vendor, ...>` type makes a missing line a compile error.
 */
import { clarityflow } from './clarityflow/index.js';
import { clarky } from './clarky/index.js';
import { clockwiseMd } from './clockwise_md/index.js';
import { clockwork } from './clockwork/index.js';
import type { CatalogEntry, Vendor, VendorModule } from './types.js';

export const VENDOR_MODULES: Record<Vendor, VendorModule> = {
  clockwork,
  clockwise_md: clockwiseMd,
  clarityflow,
  clarky,
};

export function getVendorModule(vendor: Vendor): VendorModule {
  return VENDOR_MODULES[vendor];
}

/** The catalog entry for a wire type, or undefined: the ingest marks such events `cataloged: false`. */
export function findCatalogEntry(vendor: Vendor, vendorEvent: string): CatalogEntry | undefined {
  return VENDOR_MODULES[vendor].catalog.find((entry) => entry.vendorEvent === vendorEvent);
}
