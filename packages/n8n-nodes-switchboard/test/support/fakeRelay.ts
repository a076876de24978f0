/**
 * An in-memory stand-in for the relay's REST-hooks API, with the relay's semantics where the
 * triggers depend on them (README, "API"): idempotent subscribe answering the existing hook and
 * its secret, exact `target_url` lookup, DELETE 204 then 404, coded error bodies. It records
 * every request exactly as the node made it.
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

export interface RecordedRequest {
	credentialType: string;
	method: string;
	url: string;
	qs?: IDataObject;
	body?: IDataObject;
}

export interface FakeHook {
	id: string;
	target_url: string;
	event_types: string[];
	source_id: string | null;
	name: string | null;
	disabled_reason: string | null;
	secret: string;
}

/** What axios throws for an HTTP error or a refused connection (n8n wraps it in a NodeApiError). */
export class AxiosError extends Error {
	readonly isAxiosError = true;
	constructor(
		message: string,
		readonly code?: string,
		readonly response?: { status: number; data: unknown },
	) {
		super(message);
		this.name = 'AxiosError';
	}
}

const VENDORS = ['clockwork', 'clockwise_md', 'clarityflow', 'clarky'];

function relayFailure(status: number, code: string, message: string, field?: string): AxiosError {
	const data = { error: { code, message, ...(field ? { field } : {}) } };
	return new AxiosError(`Request failed with status code ${status}`, 'ERR_BAD_REQUEST', {
		status,
		data,
	});
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
	JSON.stringify([...new Set(a)].sort()) === JSON.stringify([...new Set(b)].sort());

export class FakeRelay {
	readonly url = 'http://relay.test:8080';
	readonly apiKey = 'sb_example_key_0123456789';
	readonly requests: RecordedRequest[] = [];
	hooks: FakeHook[] = [];
	sources = [{ id: 'src_frontdesk', vendor: 'clarky', name: 'Front desk' }];
	eventTypes: IDataObject[] = [
		{
			type: 'clarky.booking.confirmed',
			vendor: 'clarky',
			title: 'Booking confirmed',
			description: 'A booking was confirmed.',
		},
		{
			type: 'clarky.contact.created',
			vendor: 'clarky',
			title: 'Contact created',
			description: 'A new contact was added.',
		},
	];
	/** Set to make every request fail as a refused connection. */
	down = false;
	private serial = 0;

	/** Plays `httpRequestWithAuthentication(credentialType, options)`. */
	async request(
		credentialType: string,
		options: IHttpRequestOptions,
		apiKey: string,
	): Promise<unknown> {
		this.requests.push({
			credentialType,
			method: options.method ?? 'GET',
			url: options.url,
			...(options.qs ? { qs: options.qs } : {}),
			...(options.body ? { body: options.body as IDataObject } : {}),
		});
		if (this.down) throw new AxiosError('connect ECONNREFUSED 127.0.0.1:8080', 'ECONNREFUSED');
		if (apiKey !== this.apiKey) throw relayFailure(401, 'invalid_api_key', 'Invalid API key.');
		return this.route(options.method ?? 'GET', options.url.replace(this.url, ''), options);
	}

	/** A hook as the relay would have stored it from an earlier subscribe. */
	addHook(fields: Partial<FakeHook> & Pick<FakeHook, 'target_url' | 'event_types'>): FakeHook {
		const hook: FakeHook = {
			id: `hook_${++this.serial}`,
			source_id: null,
			name: null,
			disabled_reason: null,
			secret: `whsec_${Buffer.from(`secret-${this.serial}`).toString('base64')}`,
			...fields,
		};
		this.hooks.push(hook);
		return hook;
	}

	private route(method: string, path: string, options: IHttpRequestOptions): unknown {
		// Lists never show a hook's secret (the relay's hookView).
		const view = (hook: FakeHook): IDataObject => {
			const copy: IDataObject = { ...hook };
			delete copy.secret;
			return copy;
		};
		if (method === 'GET' && path === '/api/v1/hooks') {
			const target = options.qs?.target_url;
			return {
				data: this.hooks.filter((h) => target === undefined || h.target_url === target).map(view),
			};
		}
		if (method === 'POST' && path === '/api/v1/hooks')
			return this.subscribe(options.body as IDataObject);
		const hookPath = /^\/api\/v1\/hooks\/([^/]+)$/.exec(path);
		if (method === 'DELETE' && hookPath) {
			const id = decodeURIComponent(hookPath[1] ?? '');
			if (!this.hooks.some((h) => h.id === id))
				throw relayFailure(404, 'not_found', `No hook "${id}".`);
			this.hooks = this.hooks.filter((h) => h.id !== id);
			return undefined;
		}
		if (method === 'GET' && path === '/api/v1/event-types') {
			const vendor = options.qs?.vendor;
			return { data: this.eventTypes.filter((e) => vendor === undefined || e.vendor === vendor) };
		}
		if (method === 'GET' && path === '/api/v1/sources') {
			const vendor = options.qs?.vendor;
			return { data: this.sources.filter((s) => vendor === undefined || s.vendor === vendor) };
		}
		throw relayFailure(404, 'route_not_found', `No route ${method} ${path}.`);
	}

	private subscribe(body: IDataObject): IDataObject {
		const eventTypes = body.event_types as string[];
		eventTypes.forEach((type, index) => {
			const vendor = type.split('.')[0] ?? '';
			if (type !== '*' && !VENDORS.includes(vendor)) {
				throw relayFailure(
					400,
					'invalid_field',
					`Expected \`event_types[${index}]\` to be a pattern, got "${type}": "${vendor}" is not a vendor.`,
					`event_types[${index}]`,
				);
			}
		});
		const sourceId = (body.source_id as string | undefined) ?? null;
		if (sourceId !== null && !this.sources.some((s) => s.id === sourceId)) {
			throw relayFailure(400, 'invalid_field', `There is no source "${sourceId}".`, 'source_id');
		}
		const same = this.hooks.find(
			(h) =>
				h.disabled_reason === null &&
				h.target_url === body.target_url &&
				h.source_id === sourceId &&
				sameSet(h.event_types, eventTypes),
		);
		const hook =
			same ??
			this.addHook({
				target_url: body.target_url as string,
				event_types: eventTypes,
				source_id: sourceId,
				name: (body.name as string) ?? null,
			});
		return { ...hook };
	}
}
