import { createHmac } from 'node:crypto';
import { ClarkyTrigger } from '../nodes/ClarkyTrigger/ClarkyTrigger.node';
import { webhookContext, type Delivery } from './support/contexts';

const trigger = new ClarkyTrigger();
const SECRET = `whsec_${Buffer.from('the subscription key, 24b').toString('base64')}`;
const event = {
	id: 'evt_01JNQA3D5F7H9K1M3P5R7T9V1X',
	type: 'clarky.booking.confirmed',
	vendor: 'clarky',
	vendor_event: 'booking.confirmed',
	cataloged: true,
	occurred_at: '2026-03-03T15:01:09.012Z',
	received_at: '2026-03-03T15:01:09.250Z',
	source: { id: 'src_frontdesk', name: 'Front desk' },
	person: {
		email: 'ada@example.com',
		first_name: 'Ada',
		last_name: 'Lovelace',
		phone: '+14155550123',
	},
	data: { booking: { id: 'bk_1', status: 'confirmed' } },
};
// Spacing the relay would never produce: proves the bytes, not a re-serialization, are verified.
const body = Buffer.from(JSON.stringify(event, null, 1));

function signed(
	overrides: Partial<Delivery> = {},
	at = Math.floor(Date.now() / 1000),
	id = event.id,
): Delivery {
	const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
	const signature = createHmac('sha256', key).update(`${id}.${at}.`).update(body).digest('base64');
	return {
		body,
		headers: {
			'content-type': 'application/json',
			'webhook-id': id,
			'webhook-timestamp': String(at),
			'webhook-signature': `v1,${signature}`,
		},
		staticData: { hookId: 'hook_1', secret: SECRET },
		...overrides,
	};
}

async function deliver(delivery: Delivery) {
	const { context, response } = webhookContext(delivery);
	const result = await trigger.webhook.call(context);
	return { result, response };
}

describe('a verified delivery', () => {
	it('starts the workflow with the whole event and leaves the answer to n8n (an empty 200)', async () => {
		const { result, response } = await deliver(signed());

		expect(result).toEqual({ workflowData: [[{ json: event }]] });
		expect(response).toEqual({});
	});

	it('passes only the data with the "Data Only" output', async () => {
		const { result } = await deliver(signed({ parameters: { output: 'data' } }));

		expect(result.workflowData).toEqual([[{ json: event.data }]]);
	});

	it('is answered with no body: the webhook uses responseData noData', () => {
		expect(trigger.description.webhooks).toEqual([
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: 'noData',
				path: 'webhook',
			},
		]);
	});
});

describe('a refused delivery: 401, and the workflow does not start', () => {
	const tamperedBody = Buffer.from(body.toString().replace('confirmed', 'cancelled'));
	const anHourAgo = Math.floor(Date.now() / 1000) - 3600;

	it.each<[string, Delivery]>([
		[
			'a forged signature',
			signed({
				headers: {
					...signed().headers,
					'webhook-signature': 'v1,Zm9yZ2VkIHNpZ25hdHVyZSBieSBhbiBhdHRhY2tlcg==',
				},
			}),
		],
		['a changed body', signed({ body: tamperedBody })],
		['an old timestamp (replay)', signed({}, anHourAgo)],
		['no signature headers', signed({ headers: { 'content-type': 'application/json' } })],
		['no stored secret (fail closed)', signed({ staticData: {} })],
		[
			'another subscription secret',
			signed({
				staticData: {
					hookId: 'hook_2',
					secret: `whsec_${Buffer.from('other key').toString('base64')}`,
				},
			}),
		],
	])('%s', async (_case, delivery) => {
		const { result, response } = await deliver(delivery);

		expect(result).toEqual({ noWebhookResponse: true });
		expect(result.workflowData).toBeUndefined();
		expect(response.status).toBe(401);
		expect(response.body).toMatchObject({ error: { code: 'invalid_signature' } });
	});

	it('is refused before the node reads anything else', async () => {
		const { context } = webhookContext(signed({ staticData: {} }));
		const readParameter = jest.spyOn(context, 'getNodeParameter');

		await trigger.webhook.call(context);

		expect(readParameter).not.toHaveBeenCalled();
	});

	it('says why, without revealing the secret', async () => {
		const { response } = await deliver(signed({}, anHourAgo));

		expect(response.body).toEqual({
			error: {
				code: 'invalid_signature',
				message: 'webhook-timestamp is more than 5 minutes old.',
			},
		});
		expect(JSON.stringify(response.body)).not.toContain(SECRET.slice(6));
	});
});

describe('a repeated delivery (same webhook-id, same node and subscription): 200, no second run', () => {
	const sameNode = { workflowId: 'wf_repeat', nodeId: 'node-repeat' };
	let nextId = 0;
	/** A webhook-id no other test has used, so each test starts with nothing remembered. */
	const freshId = (): string => `evt_repeat_${(nextId += 1)}`;

	afterEach(() => jest.useRealTimers());

	it('answers the same signed request a second time 200 without starting the workflow', async () => {
		const request = signed(sameNode, undefined, freshId());

		const first = await deliver(request);
		const second = await deliver(request);

		expect(first.result.workflowData).toEqual([[{ json: event }]]);
		expect(second.result).toEqual({ noWebhookResponse: true });
		expect(second.response).toEqual({
			status: 200,
			body: {
				duplicate: true,
				message: `Already received webhook-id ${request.headers['webhook-id'] as string} less than 5 minutes ago: the workflow was not started again.`,
			},
		});
	});

	it('treats a relay retry (same webhook-id, a new timestamp and signature) as a repeat', async () => {
		const id = freshId();
		const now = Math.floor(Date.now() / 1000);
		await deliver(signed(sameNode, now - 60, id));

		const retry = await deliver(signed(sameNode, now, id));

		expect(retry.result.workflowData).toBeUndefined();
		expect(retry.response.status).toBe(200);
	});

	it('starts the workflow for a different webhook-id', async () => {
		await deliver(signed(sameNode, undefined, freshId()));

		const other = await deliver(signed(sameNode, undefined, freshId()));

		expect(other.result.workflowData).toEqual([[{ json: event }]]);
	});

	it.each<[string, Partial<Delivery>]>([
		['another node of the same workflow', { ...sameNode, nodeId: 'node-other' }],
		['the same node id in another workflow', { ...sameNode, workflowId: 'wf_other' }],
		[
			'another subscription of the same node (a test run subscribes anew)',
			{ ...sameNode, staticData: { hookId: 'hook_test_run', secret: SECRET } },
		],
	])('is not a repeat for %s', async (_case, elsewhere) => {
		const id = freshId();
		await deliver(signed(sameNode, undefined, id));

		const there = await deliver(signed(elsewhere, undefined, id));

		expect(there.result.workflowData).toEqual([[{ json: event }]]);
	});

	it('never remembers a refused request: a forgery cannot make the genuine delivery a repeat', async () => {
		const genuine = signed(sameNode, undefined, freshId());
		const forged = {
			...genuine,
			headers: { ...genuine.headers, 'webhook-signature': 'v1,Zm9yZ2Vk' },
		};
		expect((await deliver(forged)).response.status).toBe(401);

		expect((await deliver(genuine)).result.workflowData).toEqual([[{ json: event }]]);
	});

	it('forgets an id 5 minutes after it was last seen: a relay retry after that runs again', async () => {
		const id = freshId();
		const start = Date.now();
		jest.useFakeTimers({ now: start });
		await deliver(signed(sameNode, Math.floor(start / 1000), id));
		jest.setSystemTime(start + 4 * 60_000);
		const retry = await deliver(signed(sameNode, Math.floor(Date.now() / 1000), id));
		jest.setSystemTime(start + 9 * 60_000 + 1000);

		const late = await deliver(signed(sameNode, Math.floor(Date.now() / 1000), id));

		expect(retry.result.workflowData).toBeUndefined();
		expect(late.result.workflowData).toEqual([[{ json: event }]]);
	});

	// The count bound is tested on `RecentIds` (recentIds.test.ts): 10,000 signed deliveries here
	// would cost the suite seconds for what a memory of 3 shows as well.
});
