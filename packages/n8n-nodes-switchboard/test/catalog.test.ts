import { BUILT_IN_CATALOG } from '../nodes/shared/catalog';
import { VENDORS } from '../nodes/shared/vendors';
import { checkCatalogAgainstRelay } from './support/fixtures';

describe('the built-in event catalog', () => {
	it("is the relay's catalog (regenerate with node scripts/generate-catalog.mjs)", () => {
		expect(checkCatalogAgainstRelay()).toContain('matches the relay catalog');
	});

	it('covers every vendor, each type prefixed with its vendor', () => {
		expect([...new Set(BUILT_IN_CATALOG.map((e) => e.vendor))]).toEqual([...VENDORS]);
		for (const entry of BUILT_IN_CATALOG)
			expect(entry.type.startsWith(`${entry.vendor}.`)).toBe(true);
	});
});
