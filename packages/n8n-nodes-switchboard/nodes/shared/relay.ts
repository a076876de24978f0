/**
 * Calls to the relay's REST-hooks API with the "Switchboard API" credentials. Every failure
 * becomes a `NodeApiError` that says what to fix (`relayErrors.ts`).
 */
import {
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type IHttpRequestMethods,
	type ILoadOptionsFunctions,
} from 'n8n-workflow';
import { relayError, readFailure } from './relayErrors';

export const CREDENTIAL_TYPE = 'switchboardApi';

export type RelayContext = IHookFunctions | ILoadOptionsFunctions;

export interface RelayCall {
	method: IHttpRequestMethods;
	/** Below `/api/v1`, e.g. `/hooks`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/** Resolve `undefined` on a 404 instead of failing (unsubscribing twice is fine). */
	notFoundOk?: boolean;
}

/**
 * The relay's base URL as the user typed it, without trailing slashes or a pasted `/api/v1`
 * (the credential test trims the same way). Null when it is not an http(s) URL.
 */
export function relayBaseUrl(raw: unknown): string | null {
	if (typeof raw !== 'string') return null;
	const trimmed = raw
		.trim()
		.replace(/\/+$/, '')
		.replace(/\/api\/v1$/, '');
	return /^https?:\/\/[^/\s]+/i.test(trimmed) ? trimmed : null;
}

async function baseUrl(this: RelayContext): Promise<string> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const url = relayBaseUrl(credentials.url);
	if (url === null) {
		throw new NodeOperationError(
			this.getNode(),
			'The Relay URL in the Switchboard API credentials is not an http(s) URL',
			{
				description:
					'Use the base URL of your Switchboard relay, for example http://127.0.0.1:8080.',
			},
		);
	}
	return url;
}

export async function relayRequest(this: RelayContext, call: RelayCall): Promise<unknown> {
	const url = await baseUrl.call(this);
	const request = `${call.method} /api/v1${call.path}`;
	try {
		return await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, {
			method: call.method,
			url: `${url}/api/v1${call.path}`,
			...(call.qs ? { qs: call.qs } : {}),
			...(call.body ? { body: call.body } : {}),
			json: true,
		});
	} catch (error) {
		// Only the relay's own "no such hook" counts: a 404 from elsewhere means a wrong Relay URL.
		const failure = readFailure(error);
		if (call.notFoundOk && failure.status === 404 && failure.relay?.code === 'not_found')
			return undefined;
		throw relayError(this.getNode(), error, { relayUrl: url, request });
	}
}
