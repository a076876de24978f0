/**
 * The `webhook-id`s recently accepted, per scope (one trigger node's one subscription), so a
 * repeat is answered without starting the workflow again. Pure: time comes in as an argument.
 *
 * Bounded by age and by count. An entry lives until `max(now, signed at) + window`, pushed back
 * each time the id is seen again. With the 5-minute signature window that covers every replay of
 * one signed request (it verifies only while its timestamp is within 5 minutes of the clock) and
 * every relay retry that comes less than 5 minutes after the previous sighting. Past `maxEntries`
 * the least recently seen entry is dropped first: the memory forgets (a late repeat then runs the
 * workflow again, the at-least-once behaviour), it never refuses.
 *
 * Cost: a `Map` in insertion order, oldest sighting first; a check is O(1) amortized (one lookup,
 * one delete and insert, and dropping expired or surplus entries from the front).
 */

/** @default 300_000 ms: the Standard Webhooks tolerance (`verify.ts`). */
export const DEFAULT_WINDOW_MS = 300_000;
/** @default 10_000 entries: about 2 MB (README, "Repeated deliveries"). */
export const DEFAULT_MAX_ENTRIES = 10_000;
/**
 * Ids longer than this are never remembered (the workflow runs as without the memory), so one
 * entry costs at most a few hundred bytes. The relay's ids are `evt_` and 26 characters.
 */
export const MAX_ID_LENGTH = 200;

export interface RecentIdsOptions {
	/** @default 10_000 */
	maxEntries?: number;
	/** @default 300_000 */
	windowMs?: number;
}

export interface Sighting {
	/** Who received it: a repeat in another scope is not a repeat. */
	scope: string;
	/** The verified `webhook-id`. */
	id: string;
	/** The verified `webhook-timestamp`, in milliseconds. */
	signedAt: number;
	now: number;
}

function positiveInteger(name: string, value: number): number {
	if (!Number.isInteger(value) || value < 1) {
		throw new RangeError(`Expected \`${name}\` to be an integer >= 1, got ${String(value)}`);
	}
	return value;
}

export class RecentIds {
	readonly maxEntries: number;
	readonly windowMs: number;
	/** scope + NUL + id → expiry (ms); NUL cannot occur in an HTTP header value. */
	private readonly expiries = new Map<string, number>();

	constructor(options: RecentIdsOptions = {}) {
		this.maxEntries = positiveInteger('maxEntries', options.maxEntries ?? DEFAULT_MAX_ENTRIES);
		this.windowMs = positiveInteger('windowMs', options.windowMs ?? DEFAULT_WINDOW_MS);
	}

	get size(): number {
		return this.expiries.size;
	}

	/** Records a sighting; true when the same id was already seen in this scope and not expired. */
	seen(sighting: Sighting): boolean {
		const { scope, id, signedAt, now } = sighting;
		this.dropExpired(now);
		if (id.length > MAX_ID_LENGTH) return false;
		const key = `${scope}\u0000${id}`;
		const previous = this.expiries.get(key);
		const expiry = Math.max(now, signedAt) + this.windowMs;
		this.expiries.delete(key);
		this.expiries.set(key, Math.max(expiry, previous ?? 0));
		for (const oldest of this.expiries.keys()) {
			if (this.expiries.size <= this.maxEntries) break;
			this.expiries.delete(oldest);
		}
		return previous !== undefined && previous > now;
	}

	/** Drops expired entries from the front; one that expires out of order waits its turn. */
	private dropExpired(now: number): void {
		for (const [key, expiry] of this.expiries) {
			if (expiry > now) return;
			this.expiries.delete(key);
		}
	}
}
