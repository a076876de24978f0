import {
	DEFAULT_MAX_ENTRIES,
	DEFAULT_WINDOW_MS,
	MAX_ID_LENGTH,
	RecentIds,
	type Sighting,
} from '../nodes/shared/recentIds';

const T0 = 1_760_000_000_000;
const MINUTE = 60_000;

function sighting(overrides: Partial<Sighting> = {}): Sighting {
	return { scope: 'wf_1/node-1/hook_1', id: 'evt_1', signedAt: T0, now: T0, ...overrides };
}

describe('RecentIds', () => {
	it('reports the first sighting as new and the second as a repeat', () => {
		const memory = new RecentIds();

		expect(memory.seen(sighting())).toBe(false);
		expect(memory.seen(sighting({ now: T0 + 1000 }))).toBe(true);
	});

	it('keeps scopes apart', () => {
		const memory = new RecentIds();
		memory.seen(sighting());

		expect(memory.seen(sighting({ scope: 'wf_2/node-1/hook_1' }))).toBe(false);
	});

	it('forgets an id the window after it was seen', () => {
		const memory = new RecentIds({ windowMs: 5 * MINUTE });
		memory.seen(sighting());

		expect(memory.seen(sighting({ now: T0 + 5 * MINUTE - 1 }))).toBe(true);
		expect(memory.seen(sighting({ id: 'evt_2', now: T0 + 11 * MINUTE }))).toBe(false);
		expect(memory.seen(sighting({ now: T0 + 11 * MINUTE }))).toBe(false);
	});

	it('keeps an id signed in the future until the window after its timestamp (every replay of it verifies until then)', () => {
		const memory = new RecentIds({ windowMs: 5 * MINUTE });
		memory.seen(sighting({ signedAt: T0 + 4 * MINUTE }));

		expect(memory.seen(sighting({ signedAt: T0 + 4 * MINUTE, now: T0 + 9 * MINUTE - 1 }))).toBe(
			true,
		);
	});

	it('does not count an expired entry still waiting behind a later-expiring one as a repeat', () => {
		const memory = new RecentIds({ windowMs: 5 * MINUTE });
		memory.seen(sighting({ id: 'evt_future', signedAt: T0 + 4 * MINUTE }));
		memory.seen(sighting({ id: 'evt_now' }));

		expect(memory.seen(sighting({ id: 'evt_now', now: T0 + 6 * MINUTE }))).toBe(false);
		expect(memory.seen(sighting({ id: 'evt_now', now: T0 + 7 * MINUTE }))).toBe(true);
	});

	it('pushes the expiry back each time the id is seen again', () => {
		const memory = new RecentIds({ windowMs: 5 * MINUTE });
		memory.seen(sighting());
		memory.seen(sighting({ now: T0 + 4 * MINUTE }));

		expect(memory.seen(sighting({ now: T0 + 8 * MINUTE }))).toBe(true);
	});

	it('drops expired entries as time passes, so its size follows the recent rate', () => {
		const memory = new RecentIds({ windowMs: MINUTE });
		for (let i = 0; i < 50; i += 1) memory.seen(sighting({ id: `evt_${i}` }));

		memory.seen(sighting({ id: 'evt_late', now: T0 + 2 * MINUTE }));

		expect(memory.size).toBe(1);
	});

	it('evicts the least recently seen id past maxEntries', () => {
		const memory = new RecentIds({ maxEntries: 3 });
		for (const id of ['evt_a', 'evt_b', 'evt_c']) memory.seen(sighting({ id }));
		memory.seen(sighting({ id: 'evt_a', now: T0 + 1 })); // evt_a is now the most recent
		memory.seen(sighting({ id: 'evt_d', now: T0 + 2 })); // evicts evt_b

		expect(memory.size).toBe(3);
		expect(memory.seen(sighting({ id: 'evt_b', now: T0 + 3 }))).toBe(false); // evicts evt_c
		expect(memory.seen(sighting({ id: 'evt_a', now: T0 + 4 }))).toBe(true);
		expect(memory.seen(sighting({ id: 'evt_c', now: T0 + 5 }))).toBe(false);
	});

	it(`never remembers an id longer than ${MAX_ID_LENGTH} characters`, () => {
		const memory = new RecentIds();
		const id = 'e'.repeat(MAX_ID_LENGTH + 1);
		memory.seen(sighting({ id }));

		expect(memory.seen(sighting({ id }))).toBe(false);
		expect(memory.size).toBe(0);
	});

	it('defaults to the 5-minute signature window and 10,000 entries', () => {
		const memory = new RecentIds();

		expect([memory.windowMs, memory.maxEntries]).toEqual([DEFAULT_WINDOW_MS, DEFAULT_MAX_ENTRIES]);
		expect([DEFAULT_WINDOW_MS, DEFAULT_MAX_ENTRIES]).toEqual([300_000, 10_000]);
	});

	it.each([
		[{ maxEntries: 0 }, 'Expected `maxEntries` to be an integer >= 1, got 0'],
		[{ windowMs: 1.5 }, 'Expected `windowMs` to be an integer >= 1, got 1.5'],
		[{ windowMs: Number.NaN }, 'Expected `windowMs` to be an integer >= 1, got NaN'],
	])('refuses the options %j', (options, message) => {
		expect(() => new RecentIds(options)).toThrow(new RangeError(message));
	});
});
