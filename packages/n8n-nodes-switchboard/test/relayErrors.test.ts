import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';
import { explain, readFailure, relayError, type Failure } from '../nodes/shared/relayErrors';
import { AxiosError } from './support/fakeRelay';

const node: INode = {
	id: 'n1',
	name: 'Clarky Trigger',
	type: 'CUSTOM.clarkyTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const context = { relayUrl: 'http://relay.test:8080', request: 'POST /api/v1/hooks' };
const relayBody = {
	error: { code: 'invalid_field', message: 'Expected `source_id` ...', field: 'source_id' },
};

describe('readFailure', () => {
	it('reads status and relay error from n8n 2.x: a NodeApiError around the axios error', () => {
		const axios = new AxiosError('Request failed with status code 400', 'ERR_BAD_REQUEST', {
			status: 400,
			data: relayBody,
		});

		expect(readFailure(new NodeApiError(node, axios as unknown as JsonObject))).toEqual({
			status: 400,
			relay: relayBody.error,
			network: 'ERR_BAD_REQUEST',
		});
	});

	it('reads the network code of a refused connection, with no status', () => {
		const axios = new AxiosError('connect ECONNREFUSED 127.0.0.1:8080', 'ECONNREFUSED');

		expect(readFailure(new NodeApiError(node, axios as unknown as JsonObject))).toEqual({
			network: 'ECONNREFUSED',
		});
	});

	it.each([null, undefined, 'boom', 42, new Error('plain')])('never throws on %p', (error) => {
		expect(() => readFailure(error)).not.toThrow();
	});
});

describe('explain', () => {
	it.each<[string, Failure, string]>([
		['no answer', { network: 'ENOTFOUND' }, 'Cannot reach the Switchboard relay'],
		[
			'401',
			{ status: 401, relay: { code: 'invalid_api_key', message: 'Invalid API key.' } },
			'The Switchboard relay refused the API key',
		],
		[
			'a bad event type',
			{ status: 400, relay: { code: 'invalid_field', message: 'x', field: 'event_types[0]' } },
			'The Switchboard relay does not accept an event type',
		],
		[
			'a bad source',
			{ status: 400, relay: { code: 'invalid_field', message: 'x', field: 'source_id' } },
			'Unknown Switchboard source',
		],
		[
			'a refused target',
			{ status: 400, relay: { code: 'invalid_target_url', message: 'x', field: 'target_url' } },
			"The Switchboard relay refuses this workflow's webhook URL",
		],
		['a 404 from something else', { status: 404 }, 'No Switchboard relay API at this URL'],
		[
			'anything else',
			{ status: 503, relay: { code: 'not_ready', message: 'Store not open.' } },
			'The Switchboard relay answered 503 to POST /api/v1/hooks',
		],
	])('names the problem for %s', (_case, failure, message) => {
		expect(explain(failure, context).message).toBe(message);
	});
});

describe('relayError', () => {
	it('keeps its own message even when the cause is already a NodeApiError (n8n would hand that back)', () => {
		const axios = new AxiosError('Request failed with status code 401', 'ERR_BAD_REQUEST', {
			status: 401,
			data: {},
		});
		const error = relayError(node, new NodeApiError(node, axios as unknown as JsonObject), context);

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('The Switchboard relay refused the API key');
		expect(error.httpCode).toBe('401');
	});

	it("keeps the headline free of n8n's network-code rewording", () => {
		const error = relayError(
			node,
			new AxiosError('connect ECONNREFUSED 127.0.0.1:8080', 'ECONNREFUSED'),
			context,
		);

		expect(error.message).toBe('Cannot reach the Switchboard relay');
		expect(error.description).toContain('(ECONNREFUSED)');
	});
});
