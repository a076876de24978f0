/**
 * The lists in the node's UI: events (from the relay's catalog, or the built-in copy when the
 * relay cannot be asked) and sources (from the relay).
 */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { BUILT_IN_CATALOG, type CatalogEntry } from './catalog';
import { relayRequest } from './relay';
import { isVendor, VENDOR_INFO, VENDORS, type Scope } from './vendors';

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function dataList(answer: unknown): Record<string, unknown>[] {
	return isRecord(answer) && Array.isArray(answer.data) ? answer.data.filter(isRecord) : [];
}

/** Catalog entries from a `GET /api/v1/event-types` answer; unreadable entries are skipped. */
export function readCatalog(answer: unknown): CatalogEntry[] {
	return dataList(answer).flatMap((entry): CatalogEntry[] => {
		const { type, vendor, title, description } = entry;
		if (typeof type !== 'string' || !isVendor(vendor)) return [];
		return [
			{
				type,
				vendor,
				title: typeof title === 'string' && title ? title : type,
				description: typeof description === 'string' ? description : '',
			},
		];
	});
}

function inScope(scope: Scope): (entry: CatalogEntry) => boolean {
	return (entry) => scope === 'any' || entry.vendor === scope;
}

/** The wildcard choices first: `*` and each `<vendor>.*` the scope covers. */
function wildcards(scope: Scope): INodePropertyOptions[] {
	const vendors = scope === 'any' ? [...VENDORS] : [scope];
	const perVendor = vendors.map((vendor) => ({
		name: `Any ${VENDOR_INFO[vendor].name} Event`,
		value: `${vendor}.*`,
		description: `Every ${VENDOR_INFO[vendor].name} event, including types added after this workflow was saved`,
	}));
	const all = { name: 'Any Event', value: '*', description: 'Every event of every vendor' };
	return scope === 'any' ? [all, ...perVendor] : perVendor;
}

/** The event choices for a scope, from the given catalog. Pure. */
export function eventOptions(
	scope: Scope,
	catalog: readonly CatalogEntry[],
): INodePropertyOptions[] {
	const events = catalog
		.filter(inScope(scope))
		.map((entry) => ({
			name: scope === 'any' ? `${VENDOR_INFO[entry.vendor].name}: ${entry.title}` : entry.title,
			value: entry.type,
			description: entry.description ? `${entry.description} (${entry.type})` : entry.type,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
	return [...wildcards(scope), ...events];
}

/**
 * The relay's catalog for the scope, or the built-in one when the relay cannot be asked (no
 * credentials yet, relay down) or knows none of the scope's events (an older relay).
 */
export async function loadEventTypes(
	this: ILoadOptionsFunctions,
	scope: Scope,
): Promise<INodePropertyOptions[]> {
	let catalog: CatalogEntry[] = [];
	try {
		const qs = scope === 'any' ? undefined : { vendor: scope };
		catalog = readCatalog(
			await relayRequest.call(this, { method: 'GET', path: '/event-types', ...(qs ? { qs } : {}) }),
		).filter(inScope(scope));
	} catch (error) {
		this.logger.warn(`Switchboard: listing the built-in event types (${(error as Error).message})`);
	}
	return eventOptions(scope, catalog.length > 0 ? catalog : BUILT_IN_CATALOG);
}

/** "Any Source" first, then the relay's sources for the scope. */
export async function loadSources(
	this: ILoadOptionsFunctions,
	scope: Scope,
): Promise<INodePropertyOptions[]> {
	const qs = scope === 'any' ? undefined : { vendor: scope };
	const answer = await relayRequest.call(this, {
		method: 'GET',
		path: '/sources',
		...(qs ? { qs } : {}),
	});
	const sources = dataList(answer).flatMap((source): INodePropertyOptions[] => {
		const { id, name, vendor } = source;
		if (typeof id !== 'string' || !isVendor(vendor)) return [];
		const label = typeof name === 'string' && name ? name : id;
		return [
			{
				name: scope === 'any' ? `${VENDOR_INFO[vendor].name}: ${label}` : label,
				value: id,
				description: `${VENDOR_INFO[vendor].name} source ${id}`,
			},
		];
	});
	sources.sort((a, b) => a.name.localeCompare(b.name));
	return [{ name: 'Any Source', value: '', description: 'Events from every source' }, ...sources];
}
