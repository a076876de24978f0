import { NodeApiError, NodeOperationError, type IHookFunctions } from 'n8n-workflow';
import { ClarkyTrigger } from '../nodes/ClarkyTrigger/ClarkyTrigger.node';
import { SwitchboardTrigger } from '../nodes/SwitchboardTrigger/SwitchboardTrigger.node';
import { hookContext, WEBHOOK_URL, type ContextOptions } from './support/contexts';
import { FakeRelay } from './support/fakeRelay';

const lifecycle = new ClarkyTrigger().webhookMethods.default;
const anyVendor = new SwitchboardTrigger().webhookMethods.default;

const clarkyParameters = {
	events: ['clarky.booking.confirmed', 'clarky.booking.cancelled'],
	sourceId: '',
	output: 'event',
};
const HOOKS = 'http://relay.test:8080/api/v1/hooks';

let relay: FakeRelay;

beforeEach(() => {
	relay = new FakeRelay();
});

function clarky(options: Partial<ContextOptions> = {}) {
	return hookContext({ relay, parameters: clarkyParameters, ...options });
}

async function activate(context: IHookFunctions, methods = lifecycle): Promise<void> {
	if (!(await methods.checkExists.call(context))) await methods.create.call(context);
}

describe('create', () => {
	it('subscribes the webhook URL to the picked events and stores the hook id and secret', async () => {
		const { context, staticData } = clarky();

		await expect(lifecycle.create.call(context)).resolves.toBe(true);

		expect(relay.requests).toEqual([
			{
				credentialType: 'switchboardApi',
				method: 'POST',
				url: HOOKS,
				body: {
					target_url: WEBHOOK_URL,
					event_types: ['clarky.booking.confirmed', 'clarky.booking.cancelled'],
					name: 'n8n: Bookings to CRM / Clarky Trigger',
				},
			},
			// Looks for hooks of an earlier configuration at the same URL (none here).
			{
				credentialType: 'switchboardApi',
				method: 'GET',
				url: HOOKS,
				qs: { target_url: WEBHOOK_URL },
			},
		]);
		expect(relay.hooks).toHaveLength(1);
		const [hook] = relay.hooks;
		expect(staticData).toEqual({ hookId: hook?.id, secret: hook?.secret });
		expect(staticData.secret).toMatch(/^whsec_/);
	});

	it('sends the picked source as source_id', async () => {
		const { context } = clarky({ parameters: { ...clarkyParameters, sourceId: 'src_frontdesk' } });

		await lifecycle.create.call(context);

		expect(relay.requests[0]?.body).toMatchObject({ source_id: 'src_frontdesk' });
		expect(relay.hooks[0]?.source_id).toBe('src_frontdesk');
	});

	it('subscribes the Switchboard Trigger to events of several vendors', async () => {
		const parameters = { events: ['clockwork.*', 'clarky.booking.confirmed'], sourceId: '' };
		const { context } = hookContext({ relay, parameters, nodeName: 'Switchboard Trigger' });

		await anyVendor.create.call(context);

		expect(relay.requests[0]?.body).toMatchObject({
			event_types: ['clockwork.*', 'clarky.booking.confirmed'],
		});
	});

	it("deletes other hooks at this node's URL: an earlier configuration's, whose secret is lost", async () => {
		const earlier = relay.addHook({ target_url: WEBHOOK_URL, event_types: ['clarky.*'] });
		const elsewhere = relay.addHook({
			target_url: 'https://elsewhere.test/hook',
			event_types: ['clarky.*'],
		});
		const { context, staticData } = clarky();

		await lifecycle.create.call(context);

		expect(relay.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
			`POST ${HOOKS}`,
			`GET ${HOOKS}`,
			`DELETE ${HOOKS}/${earlier.id}`,
		]);
		expect(relay.hooks.map((h) => h.id)).toEqual([elsewhere.id, staticData.hookId]);
	});

	it('refuses to subscribe to no event, without calling the relay', async () => {
		const { context } = clarky({ parameters: { events: [], sourceId: '' } });

		await expect(lifecycle.create.call(context)).rejects.toThrow(NodeOperationError);
		await expect(lifecycle.create.call(context)).rejects.toThrow('Pick at least one Clarky event');
		expect(relay.requests).toEqual([]);
	});

	it("refuses another vendor's event in a vendor trigger", async () => {
		const { context } = clarky({
			parameters: { events: ['clockwork.invitation_sent'], sourceId: '' },
		});

		await expect(lifecycle.create.call(context)).rejects.toThrow(
			'"clockwork.invitation_sent" is not a Clarky event',
		);
		expect(relay.requests).toEqual([]);
	});
});

describe('checkExists', () => {
	it("looks the hook up by this node's webhook URL", async () => {
		const { context } = clarky();

		await expect(lifecycle.checkExists.call(context)).resolves.toBe(false);

		expect(relay.requests).toEqual([
			{
				credentialType: 'switchboardApi',
				method: 'GET',
				url: HOOKS,
				qs: { target_url: WEBHOOK_URL },
			},
		]);
	});

	it('is true for the same subscription when the static data holds its id and secret', async () => {
		const { context, staticData } = clarky();
		await lifecycle.create.call(context);
		const saved = { ...staticData };

		await expect(lifecycle.checkExists.call(context)).resolves.toBe(true);
		expect(staticData).toEqual(saved);
	});

	it('is false when the events changed, and activating then leaves only the new subscription', async () => {
		const { context } = clarky();
		await lifecycle.create.call(context);
		const changed = clarky({
			parameters: { events: ['clarky.*'], sourceId: '' },
			staticData: context.getWorkflowStaticData('node'),
		});

		await expect(lifecycle.checkExists.call(changed.context)).resolves.toBe(false);
		await lifecycle.create.call(changed.context);

		expect(relay.hooks.map((h) => h.event_types)).toEqual([['clarky.*']]);
		expect(changed.staticData.hookId).toBe(relay.hooks[0]?.id);
	});

	it('treats a pattern list the relay stores in canonical form as the same subscription', async () => {
		const { context, staticData } = clarky({
			parameters: { events: ['clarky.*', 'clarky.booking.confirmed'], sourceId: '' },
		});
		const stored = relay.addHook({ target_url: WEBHOOK_URL, event_types: ['clarky.*'] });
		Object.assign(staticData, { hookId: stored.id, secret: stored.secret });

		await expect(lifecycle.checkExists.call(context)).resolves.toBe(true);
	});

	it('is false for a hook the relay switched off (the relay would not reuse it either)', async () => {
		const { context, staticData } = clarky();
		await lifecycle.create.call(context);
		const [hook] = relay.hooks;
		if (hook) hook.disabled_reason = '20 deliveries in a row failed';

		await expect(lifecycle.checkExists.call(context)).resolves.toBe(false);
		await lifecycle.create.call(context);

		expect(relay.hooks).toHaveLength(1);
		expect(staticData.hookId).not.toBe(hook?.id);
	});
});

describe('a renamed node (n8n drops its static data)', () => {
	it('re-finds its subscription by URL: no second hook, and the secret is recovered', async () => {
		const first = clarky();
		await activate(first.context);
		const original = { ...first.staticData };

		const renamed = clarky({ nodeName: 'New bookings', staticData: {} });
		await activate(renamed.context);

		expect(relay.hooks).toHaveLength(1);
		expect(renamed.staticData).toEqual(original);
	});
});

describe('delete', () => {
	it('unsubscribes the stored hook and clears the static data', async () => {
		const { context, staticData } = clarky();
		await lifecycle.create.call(context);
		const hookId = staticData.hookId as string;
		relay.requests.length = 0;

		await expect(lifecycle.delete.call(context)).resolves.toBe(true);

		expect(relay.requests).toEqual([
			{
				credentialType: 'switchboardApi',
				method: 'GET',
				url: HOOKS,
				qs: { target_url: WEBHOOK_URL },
			},
			{ credentialType: 'switchboardApi', method: 'DELETE', url: `${HOOKS}/${hookId}` },
		]);
		expect(relay.hooks).toEqual([]);
		expect(staticData).toEqual({});
	});

	it('tolerates a subscription already deleted at the relay', async () => {
		const { context, staticData } = clarky({
			staticData: { hookId: 'hook_gone', secret: 'whsec_c2VjcmV0' },
		});

		await expect(lifecycle.delete.call(context)).resolves.toBe(true);

		expect(relay.requests.map((r) => r.method)).toEqual(['GET', 'DELETE']);
		expect(staticData).toEqual({});
	});

	it("also unsubscribes hooks at this node's URL that the static data lost", async () => {
		relay.addHook({ target_url: WEBHOOK_URL, event_types: ['clarky.*'] });
		const { context } = clarky({ staticData: {} });

		await lifecycle.delete.call(context);

		expect(relay.hooks).toEqual([]);
	});

	it('keeps the static data when the relay cannot be reached, so a later delete can retry', async () => {
		const { context, staticData } = clarky();
		await lifecycle.create.call(context);
		const saved = { ...staticData };
		relay.down = true;

		await expect(lifecycle.delete.call(context)).rejects.toThrow(NodeApiError);
		expect(staticData).toEqual(saved);
	});
});

describe('errors that say what to fix', () => {
	it('a wrong API key', async () => {
		const { context } = clarky({
			credentials: { url: relay.url, apiKey: 'sb_example_wrong_key_000' },
		});

		const error = await lifecycle.create.call(context).catch((e: unknown) => e);

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error).toMatchObject({
			message: 'The Switchboard relay refused the API key',
			httpCode: '401',
		});
		expect((error as NodeApiError).description).toContain(
			'Check the API Key in the Switchboard API credentials',
		);
	});

	it('an unreachable relay', async () => {
		relay.down = true;
		const { context } = clarky();

		const error = await lifecycle.checkExists.call(context).catch((e: unknown) => e);

		expect(error).toMatchObject({ message: 'Cannot reach the Switchboard relay' });
		expect((error as NodeApiError).description).toContain(
			'GET /api/v1/hooks got no answer from http://relay.test:8080 (ECONNREFUSED)',
		);
	});

	it('an event type the relay does not know', async () => {
		const parameters = { events: ['calendly.invitee.created'], sourceId: '' };
		const { context } = hookContext({ relay, parameters, nodeName: 'Switchboard Trigger' });

		const error = await anyVendor.create.call(context).catch((e: unknown) => e);

		expect(error).toMatchObject({
			message: 'The Switchboard relay does not accept an event type',
			httpCode: '400',
		});
		expect((error as NodeApiError).description).toContain('"calendly" is not a vendor');
	});

	it('a source that no longer exists', async () => {
		const { context } = clarky({ parameters: { ...clarkyParameters, sourceId: 'src_deleted' } });

		await expect(lifecycle.create.call(context)).rejects.toThrow('Unknown Switchboard source');
	});

	it('a Relay URL that is not a relay', async () => {
		const { context } = clarky({
			credentials: { url: 'http://relay.test:8080/admin', apiKey: relay.apiKey },
		});

		await expect(lifecycle.checkExists.call(context)).rejects.toThrow(
			'No Switchboard relay API at this URL',
		);
	});

	it('a Relay URL that is not a URL, without calling anything', async () => {
		const { context } = clarky({ credentials: { url: 'relay.test:8080', apiKey: relay.apiKey } });

		await expect(lifecycle.checkExists.call(context)).rejects.toThrow(
			'The Relay URL in the Switchboard API credentials is not an http(s) URL',
		);
		expect(relay.requests).toEqual([]);
	});
});
