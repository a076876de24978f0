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
 * Cost: a `Map` for lookups and a list ordered by last sighting for eviction; a check is O(1)
 * amortized (one lookup, one insert or move, and dropping expired or surplus entries from the
 * list's head). Not the `Map`'s own order: V8 skips deleted slots when iterating a `Map` from the
 * start, so dropping its first entry again and again costs far more than a lookup.
 */

/** @default 300_000 ms: the Standard Webhooks tolerance (`verify.ts`). */
export const DEFAULT_WINDOW_MS = 300_000;
/** @default 10_000 entries: about 2.4 MB of heap (README, "Repeated deliveries"). */
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

/** One remembered id, in a list ordered by last sighting (oldest at the head). */
interface Entry {
	key: string;
	expiry: number;
	older: Entry | null;
	newer: Entry | null;
}

export class RecentIds {
	readonly maxEntries: number;
	readonly windowMs: number;
	/** scope + NUL + id → its entry; NUL cannot occur in an HTTP header value. */
	private readonly entries = new Map<string, Entry>();
	private oldest: Entry | null = null;
	private newest: Entry | null = null;

	constructor(options: RecentIdsOptions = {}) {
		this.maxEntries = positiveInteger('maxEntries', options.maxEntries ?? DEFAULT_MAX_ENTRIES);
		this.windowMs = positiveInteger('windowMs', options.windowMs ?? DEFAULT_WINDOW_MS);
	}

	get size(): number {
		return this.entries.size;
	}

	/** Records a sighting; true when the same id was already seen in this scope and not expired. */
	seen(sighting: Sighting): boolean {
		const { scope, id, signedAt, now } = sighting;
		// An entry that expires out of order (signed in the future) waits its turn at the head.
		while (this.oldest !== null && this.oldest.expiry <= now) this.remove(this.oldest);
		if (id.length > MAX_ID_LENGTH) return false;
		const key = `${scope}\u0000${id}`;
		const previous = this.entries.get(key);
		if (previous !== undefined) this.remove(previous);
		const repeat = previous !== undefined && previous.expiry > now;
		const expiry = Math.max(now, signedAt) + this.windowMs;
		const kept = previous !== undefined && repeat ? Math.max(previous.expiry, expiry) : expiry;
		this.append({ key, expiry: kept, older: null, newer: null });
		while (this.oldest !== null && this.entries.size > this.maxEntries) this.remove(this.oldest);
		return repeat;
	}

	private append(entry: Entry): void {
		entry.older = this.newest;
		entry.newer = null;
		if (this.newest === null) this.oldest = entry;
		else this.newest.newer = entry;
		this.newest = entry;
		this.entries.set(entry.key, entry);
	}

	private remove(entry: Entry): void {
		if (entry.older === null) this.oldest = entry.newer;
		else entry.older.newer = entry.newer;
		if (entry.newer === null) this.newest = entry.older;
		else entry.newer.older = entry.older;
		this.entries.delete(entry.key);
	}
}
