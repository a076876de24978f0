// Assertions for the end-to-end steps. A `Fatal` failure is never retried by polling.
import { isDeepStrictEqual } from 'node:util';

export class Fatal extends Error {}

export function expectEqual(what, actual, expected) {
	if (!isDeepStrictEqual(actual, expected)) {
		const show = (value) => JSON.stringify(value)?.slice(0, 2000);
		throw new Fatal(`${what}: expected ${show(expected)}\n        got ${show(actual)}`);
	}
}
