/**
 * Fake n8n contexts: just what the triggers call, backed by a `FakeRelay`. Requests fail the way
 * n8n's `httpRequestWithAuthentication` fails: a `NodeApiError` around the axios error.
 */
import {
	NodeApiError,
	type IDataObject,
	type IHookFunctions,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type INode,
	type IWebhookFunctions,
	type JsonObject,
} from 'n8n-workflow';
import type { FakeRelay } from './fakeRelay';

export const WEBHOOK_URL =
	'http://n8n.test:5678/webhook/4f1c2a9e-0c7b-4d51-9a57-6f3e2b1d8c40/webhook';

export interface ContextOptions {
	relay: FakeRelay;
	parameters?: Record<string, unknown>;
	staticData?: IDataObject;
	nodeName?: string;
	workflowName?: string;
	webhookUrl?: string;
	credentials?: { url: string; apiKey: string };
}

function baseContext(options: ContextOptions) {
	const parameters = options.parameters ?? {};
	const staticData = options.staticData ?? {};
	const node: INode = {
		id: 'node-1',
		name: options.nodeName ?? 'Clarky Trigger',
		type: 'CUSTOM.clarkyTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const credentials = options.credentials ?? {
		url: options.relay.url,
		apiKey: options.relay.apiKey,
	};
	const warnings: string[] = [];
	const context = {
		getNode: () => node,
		getWorkflow: () => ({
			id: 'wf_1',
			name: options.workflowName ?? 'Bookings to CRM',
			active: true,
		}),
		getNodeWebhookUrl: (name: string) =>
			name === 'default' ? (options.webhookUrl ?? WEBHOOK_URL) : undefined,
		getWorkflowStaticData: () => staticData,
		getNodeParameter: (name: string, fallback?: unknown) =>
			name in parameters ? parameters[name] : fallback,
		getCredentials: async (type: string) => {
			if (type !== 'switchboardApi') throw new Error(`unexpected credential type ${type}`);
			return { ...credentials };
		},
		logger: { warn: (message: string) => warnings.push(message), debug: () => undefined },
		helpers: {
			async httpRequestWithAuthentication(credentialType: string, request: IHttpRequestOptions) {
				try {
					return await options.relay.request(credentialType, request, credentials.apiKey);
				} catch (error) {
					throw new NodeApiError(node, error as JsonObject);
				}
			},
		},
	};
	return { context, staticData, warnings };
}

export function hookContext(options: ContextOptions): {
	context: IHookFunctions;
	staticData: IDataObject;
} {
	const { context, staticData } = baseContext(options);
	return { context: context as unknown as IHookFunctions, staticData };
}

export function loadOptionsContext(options: ContextOptions): {
	context: ILoadOptionsFunctions;
	warnings: string[];
} {
	const { context, warnings } = baseContext(options);
	return { context: context as unknown as ILoadOptionsFunctions, warnings };
}

export interface Delivery {
	body: Buffer;
	headers: Record<string, string | string[]>;
	staticData: IDataObject;
	parameters?: Record<string, unknown>;
	/**
	 * Who receives it. By default every context is a workflow of its own, so tests never see
	 * each other's deliveries as repeats; give both to deliver to the same node twice.
	 */
	workflowId?: string;
	nodeId?: string;
}

let contexts = 0;

/** What the trigger wrote to the response itself (only refusals do). */
export interface WrittenResponse {
	status?: number;
	body?: unknown;
}

export function webhookContext(delivery: Delivery): {
	context: IWebhookFunctions;
	response: WrittenResponse;
} {
	const response: WrittenResponse = {};
	const res = {
		status(code: number) {
			response.status = code;
			return res;
		},
		json(body: unknown) {
			response.body = body;
			return res;
		},
		send(body: unknown) {
			response.body = body;
			return res;
		},
		end: () => res,
	};
	const parameters = delivery.parameters ?? {};
	contexts += 1;
	const node: INode = {
		id: delivery.nodeId ?? `node-${contexts}`,
		name: 'Clarky Trigger',
		type: 'CUSTOM.clarkyTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const workflow = { id: delivery.workflowId ?? `wf_${contexts}`, name: 'Bookings', active: true };
	const context = {
		getNode: () => node,
		getWorkflow: () => workflow,
		getRequestObject: () => ({ headers: delivery.headers, rawBody: delivery.body, body: {} }),
		getResponseObject: () => res,
		getWorkflowStaticData: () => delivery.staticData,
		getNodeParameter: (name: string, fallback?: unknown) =>
			name in parameters ? parameters[name] : fallback,
		helpers: {
			returnJsonArray: (data: IDataObject | IDataObject[]) =>
				(Array.isArray(data) ? data : [data]).map((json) => ({ json })),
		},
	};
	return { context: context as unknown as IWebhookFunctions, response };
}
