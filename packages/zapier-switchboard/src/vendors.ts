/** The four vendors (docs/contract.md "Words"): slug, display name and the noun of their trigger. */
export const VENDORS = ['clockwork', 'clockwise_md', 'clarityflow', 'clarky'] as const;
export type Vendor = (typeof VENDORS)[number];

export const VENDOR_NAMES: Readonly<Record<Vendor, string>> = {
  clockwork: 'Clockwork',
  clockwise_md: 'Clockwise.MD',
  clarityflow: 'Clarityflow',
  clarky: 'Clarky',
};

export function isVendor(value: unknown): value is Vendor {
  return typeof value === 'string' && (VENDORS as readonly string[]).includes(value);
}
