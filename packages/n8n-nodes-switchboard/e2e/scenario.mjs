// The end-to-end scenario: numbered steps over a relay and an n8n started here, sharing `state`.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expectEqual, Fatal } from './lib/check.mjs';
import { request } from './lib/http.mjs';
import { setUpOwner, startN8n } from './lib/n8n.mjs';
import { startRelay } from './lib/relay.mjs';

const NODE_TYPE = 'CUSTOM.clarkyTrigger';
const WORKFLOW_NAME = 'E2E bookings';
const FIRST_NAME = 'Clarky Trigger';
const RENAMED = 'New bookings';
const EVENTS = ['clarky.booking.cancelled', 'clarky.booking.confirmed'];

/** `config`: {relayNode, n8nDir, nodeBin, repo, packageDir, fixturesDir, tmp}. */
export function scenario(config, state) {
	const hookName = (nodeName) => `n8n: ${WORKFLOW_NAME} / ${nodeName}`;
	const workflowBody = () => ({
		name: WORKFLOW_NAME,
		nodes: [state.trigger],
		connections: {},
		settings: { executionOrder: 'v1' },
	});

	/** Activation runs create() in the background and saves static data after it: a delivery before that is refused. */
	const untilSecretSaved = (waitFor, nodeName, hookId) =>
		waitFor(`n8n to save the hook id and secret of "${nodeName}"`, async () => {
			const stored = await state.api.staticData(state.workflow.id, nodeName);
			return stored?.hookId === hookId && /^whsec_./.test(stored.secret ?? '');
		});

	const untilExecutions = (waitFor, count) =>
		waitFor(`${count} finished execution(s)`, async () => {
			const done = await state.api.finishedExecutions(state.workflow.id);
			const failed = done.find((e) => e.status !== 'success');
			if (failed) throw new Fatal(`execution ${failed.id} ended ${failed.status}`);
			return done.length === count && done[0];
		});

	const sendSample = async () => {
		const sample = readFileSync(
			path.join(config.fixturesDir, 'vendors/clarky/booking_confirmed.json'),
		);
		const accepted = await request('POST', state.source.ingest_url, {
			headers: { 'content-type': 'application/json' },
			body: sample,
		});
		expectEqual('ingest answer', accepted.status, 202);
		return accepted.body.event_id;
	};

	return [
		[
			'starting the relay',
			async () => {
				state.relay = await startRelay({
					node: config.relayNode,
					repo: config.repo,
					tmp: config.tmp,
				});
				return state.relay.url;
			},
		],
		[
			'starting n8n 2.41.1 on Node 24 with the built package',
			async () => {
				const extensions = path.join(config.packageDir, 'dist');
				state.n8n = await startN8n({
					n8nDir: config.n8nDir,
					nodeBin: config.nodeBin,
					extensions,
					tmp: config.tmp,
				});
				return `${state.n8n.url}, N8N_CUSTOM_EXTENSIONS=${extensions}`;
			},
		],
		[
			'setting up n8n (owner, API key) and Switchboard API credentials; their test calls GET /api/v1/me',
			async () => {
				({ api: state.api, rest: state.rest } = await setUpOwner(state.n8n.url));
				const data = { url: `${state.relay.url}/`, apiKey: state.relay.apiKey };
				state.credential = await state.api.post('/credentials', {
					name: 'Switchboard (e2e)',
					type: 'switchboardApi',
					data,
				});
				expectEqual('credential test', await state.rest.testCredential(state.credential, data), {
					status: 'OK',
					message: 'Connection successful!',
				});
				const wrongKey = await state.rest.testCredential(state.credential, {
					...data,
					apiKey: 'sb_e2e_not_a_valid_key_000',
				});
				expectEqual('credential test with a wrong key', wrongKey.status, 'Error');
				return `credentials ${state.credential.id}: test OK; with a wrong key: "${wrongKey.message}"`;
			},
		],
		[
			"creating a Clarky source; the Clarky Trigger's lists in n8n come from the relay",
			async () => {
				state.source = await state.relay.api.post('/sources', {
					vendor: 'clarky',
					name: 'Front desk (e2e)',
				});
				const events = (
					await state.rest.options(NODE_TYPE, 'getEventTypes', 'events', state.credential)
				).map((o) => o.value);
				const catalog = (await state.relay.api.get('/event-types?vendor=clarky')).data.map(
					(e) => e.type,
				);
				expectEqual('event choices', [...events].sort(), ['clarky.*', ...catalog].sort());
				const sources = (
					await state.rest.options(NODE_TYPE, 'getSources', 'sourceId', state.credential)
				).map((o) => o.value);
				expectEqual('source choices', sources, ['', state.source.id]);
				return `${events.length} event choices; sources: Any Source, ${state.source.id}`;
			},
		],
		[
			'creating a workflow with a Clarky Trigger (2 events, that source) and activating it',
			async () => {
				const webhookId = randomUUID();
				state.webhookUrl = `${state.n8n.url}/webhook/${webhookId}/webhook`;
				state.trigger = {
					id: randomUUID(),
					name: FIRST_NAME,
					type: NODE_TYPE,
					typeVersion: 1,
					position: [0, 0],
					webhookId,
					parameters: { events: EVENTS, sourceId: state.source.id, output: 'event' },
					credentials: { switchboardApi: { id: state.credential.id, name: state.credential.name } },
				};
				state.workflow = await state.api.post('/workflows', workflowBody());
				await state.api.post(`/workflows/${state.workflow.id}/activate`);
				return `workflow ${state.workflow.id}`;
			},
		],
		[
			'seeing the subscription at the relay',
			async ({ waitFor }) => {
				const hooks = await waitFor('a hook at the webhook URL', async () => {
					const found = await state.relay.api.hooksAt(state.webhookUrl);
					return found.length > 0 && found;
				});
				expectEqual('hooks at the webhook URL', hooks.length, 1);
				const [hook] = hooks;
				expectEqual(
					'hook',
					[[...hook.event_types].sort(), hook.source_id, hook.name],
					[EVENTS, state.source.id, hookName(FIRST_NAME)],
				);
				await untilSecretSaved(waitFor, FIRST_NAME, hook.id);
				state.hook = hook;
				return `${hook.id} -> ${state.webhookUrl} (static data: hook id and secret)`;
			},
		],
		[
			'sending a Clarky sample to the ingest URL: the execution succeeds with the normalized event',
			async ({ waitFor }) => {
				const eventId = await sendSample();
				const execution = await untilExecutions(waitFor, 1);
				const output = await state.api.triggerOutput(execution.id, FIRST_NAME);
				expectEqual(
					'trigger output vs GET /api/v1/events/:id',
					output,
					await state.relay.api.get(`/events/${eventId}`),
				);
				const delivery = await waitFor('the relay to log the delivery', async () => {
					const { data } = await state.relay.api.get(`/hooks/${state.hook.id}/deliveries`);
					return data.find((d) => d.event_id === eventId && d.status === 'succeeded');
				});
				state.delivery = delivery;
				const attempt = delivery.attempts_log.at(-1);
				expectEqual(
					"n8n's answer to the relay",
					[attempt.status_code, attempt.response_body ?? ''],
					[200, ''],
				);
				return `${eventId} -> execution ${execution.id} (success); n8n answered the relay 200 with an empty body`;
			},
		],
		[
			'sending a forged delivery straight to the n8n webhook URL: 401, no execution',
			async ({ sleep }) => {
				const forged = await request('POST', state.webhookUrl, {
					headers: {
						'content-type': 'application/json',
						'webhook-id': 'evt_forged',
						'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
						'webhook-signature': `v1,${randomBytes(32).toString('base64')}`,
					},
					body: JSON.stringify({ id: 'evt_forged', type: 'clarky.booking.confirmed', data: {} }),
				});
				expectEqual('forged delivery answer', forged.status, 401);
				await sleep(1500);
				expectEqual(
					'executions after the forgery',
					(await state.api.executions(state.workflow.id)).length,
					1,
				);
				return `401 ${JSON.stringify(forged.body)}`;
			},
		],
		[
			'delivering again: a manual retry at the relay and a signed request sent twice answer 200, one execution each id',
			async ({ waitFor, sleep }) => {
				const retry = await state.relay.api.post(`/deliveries/${state.delivery.id}/retry`);
				expectEqual(
					'manual retry of the delivered event',
					[retry.attempt.status_code, /"duplicate":true/.test(retry.attempt.response_body ?? '')],
					[200, true],
				);
				// A captured request replayed: signed once with the subscription's secret, sent twice.
				const { secret } = await state.api.staticData(state.workflow.id, FIRST_NAME);
				const id = `evt_e2e_${randomBytes(8).toString('hex')}`;
				const body = JSON.stringify({ id, type: 'clarky.booking.confirmed', data: {} });
				const timestamp = String(Math.floor(Date.now() / 1000));
				const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
				const signature = createHmac('sha256', key)
					.update(`${id}.${timestamp}.`)
					.update(body)
					.digest('base64');
				const headers = {
					'content-type': 'application/json',
					'webhook-id': id,
					'webhook-timestamp': timestamp,
					'webhook-signature': `v1,${signature}`,
				};
				const first = await request('POST', state.webhookUrl, { headers, body });
				const second = await request('POST', state.webhookUrl, { headers, body });
				expectEqual(
					'answers to the same signed request',
					[first.status, first.body, second.status, second.body.duplicate],
					[200, '', 200, true],
				);
				const execution = await untilExecutions(waitFor, 2);
				expectEqual(
					'execution of the signed request',
					(await state.api.triggerOutput(execution.id, FIRST_NAME)).id,
					id,
				);
				await sleep(1500);
				expectEqual(
					'executions after the repeats',
					(await state.api.executions(state.workflow.id)).length,
					2,
				);
				return `retry of ${state.delivery.id}: 200 ${retry.attempt.response_body}; ${id} twice: 200 '' then 200 duplicate; 2 executions in all`;
			},
		],
		[
			'renaming the trigger node and publishing again: one subscription, deliveries still verified',
			async ({ waitFor }) => {
				state.trigger = { ...state.trigger, name: RENAMED };
				await state.api.put(`/workflows/${state.workflow.id}`, workflowBody());
				await state.api.post(`/workflows/${state.workflow.id}/activate`);
				const [hook] = await waitFor('the subscription of the renamed node', async () => {
					const hooks = await state.relay.api.hooksAt(state.webhookUrl);
					return hooks.some((h) => h.name === hookName(RENAMED)) && hooks;
				});
				await untilSecretSaved(waitFor, RENAMED, hook.id);
				const eventId = await sendSample();
				const execution = await untilExecutions(waitFor, 3);
				expectEqual(
					'renamed trigger output id',
					(await state.api.triggerOutput(execution.id, RENAMED)).id,
					eventId,
				);
				expectEqual(
					'hooks at the webhook URL',
					(await state.relay.api.hooksAt(state.webhookUrl)).map((h) => h.id),
					[hook.id],
				);
				return `${hook.id} replaced ${state.hook.id}; ${eventId} -> execution ${execution.id} (success)`;
			},
		],
		[
			'deactivating the workflow: the subscription is gone',
			async ({ waitFor }) => {
				await state.api.post(`/workflows/${state.workflow.id}/deactivate`);
				await waitFor(
					'no hook at the webhook URL',
					async () => (await state.relay.api.hooksAt(state.webhookUrl)).length === 0,
				);
				expectEqual(
					'webhook URL after deactivation',
					(await request('POST', state.webhookUrl, { json: {} })).status,
					404,
				);
				return 'no hook at the webhook URL, which now answers 404';
			},
		],
	];
}
