/**
 * The four vendors the relay normalizes (docs/contract.md, "Words"), with what the n8n UI says
 * about each. The slugs are the relay's, exactly: they prefix every event type.
 */
export const VENDORS = ['clockwork', 'clockwise_md', 'clarityflow', 'clarky'] as const;

export type Vendor = (typeof VENDORS)[number];

/** What one trigger node listens to: one vendor, or every vendor (the Switchboard Trigger). */
export type Scope = Vendor | 'any';

export interface VendorInfo {
	/** As the vendor writes its own name. */
	name: string;
	/** What its events are about, for the node's description. */
	events: string;
}

export const VENDOR_INFO: Readonly<Record<Vendor, VendorInfo>> = {
	clockwork: { name: 'Clockwork', events: 'appointment invitations' },
	clockwise_md: { name: 'Clockwise.MD', events: 'appointment and patient queue changes' },
	clarityflow: {
		name: 'Clarityflow',
		events: 'conversations, messages, appointments, purchases, forms and tasks',
	},
	clarky: { name: 'Clarky', events: 'contacts, conversations, messages and bookings' },
};

export function isVendor(value: unknown): value is Vendor {
	return typeof value === 'string' && (VENDORS as readonly string[]).includes(value);
}

/** "Clarky", or "Switchboard" for the any-vendor trigger. */
export function scopeName(scope: Scope): string {
	return scope === 'any' ? 'Switchboard' : VENDOR_INFO[scope].name;
}
