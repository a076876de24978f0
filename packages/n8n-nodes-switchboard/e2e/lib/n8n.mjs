// A real n8n as a process, headless (ENVIRONMENT.md), with the package loaded from
// N8N_CUSTOM_EXTENSIONS, and a client for its public API.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { call } from './http.mjs';
import { freePort, start, waitFor } from './processes.mjs';

/** Scopes the run needs (the API refuses unknown ones; GET /rest/api-keys/scopes lists them). */
const SCOPES = [
	'credential:create',
	'workflow:create',
	'workflow:read',
	'workflow:update',
	'workflow:activate',
	'workflow:deactivate',
	'execution:list',
	'execution:read',
];

export async function startN8n({ n8nDir, nodeBin, extensions, tmp }) {
	const [port, brokerPort] = [await freePort(), await freePort()];
	const userFolder = path.join(tmp, 'n8n-home');
	mkdirSync(userFolder, { recursive: true });
	const url = `http://127.0.0.1:${port}`;
	const process_ = start(
		'n8n',
		path.join(nodeBin, 'node'),
		[path.join(n8nDir, 'node_modules/n8n/bin/n8n'), 'start'],
		{
			cwd: tmp,
			logFile: path.join(tmp, 'n8n.log'),
			env: {
				...process.env,
				PATH: `${nodeBin}:${process.env.PATH}`,
				N8N_USER_FOLDER: userFolder,
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_PORT: String(port),
				N8N_WEBHOOK_URL: `${url}/`,
				N8N_CUSTOM_EXTENSIONS: extensions,
				N8N_RUNNERS_BROKER_PORT: String(brokerPort),
				N8N_DIAGNOSTICS_ENABLED: 'false',
				N8N_PERSONALIZATION_ENABLED: 'false',
				N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
				N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
				N8N_SECURE_COOKIE: 'false',
				N8N_LOG_LEVEL: 'info',
			},
		},
	);
	await waitFor('n8n to be ready', async () => (await fetch(`${url}/healthz/readiness`)).ok, {
		alive: [process_],
		timeoutMs: 120_000,
		intervalMs: 500,
	});
	return { url, process: process_ };
}

/**
 * Creates the owner and an API key for the public API (steps 1 and 2 of ENVIRONMENT.md). Also
 * returns `rest`, the editor's internal API with the owner's cookie, for what the public API
 * does not offer (credential tests, a node's option lists).
 */
export async function setUpOwner(url) {
	const owner = {
		email: 'e2e@switchboard.example',
		firstName: 'E2E',
		lastName: 'Runner',
		password: `E2e-${randomBytes(8).toString('hex')}`,
	};
	const setup = await fetch(`${url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(owner),
	});
	if (!setup.ok)
		throw new Error(`POST /rest/owner/setup answered ${setup.status}: ${await setup.text()}`);
	const cookie = setup.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.find((c) => c.startsWith('n8n-auth='));
	if (!cookie) throw new Error('POST /rest/owner/setup set no n8n-auth cookie');
	const key = await call('POST', `${url}/rest/api-keys`, {
		headers: { cookie },
		json: { label: 'switchboard-e2e', expiresAt: null, scopes: SCOPES },
	});
	const apiKey = key?.data?.rawApiKey;
	if (typeof apiKey !== 'string')
		throw new Error(`POST /rest/api-keys gave no rawApiKey: ${JSON.stringify(key).slice(0, 300)}`);
	return { api: n8nApi(url, apiKey), rest: restApi(url, cookie) };
}

function restApi(url, cookie) {
	const post = async (route, json) =>
		(await call('POST', `${url}/rest${route}`, { headers: { cookie }, json })).data;
	const ref = (credential) => ({ switchboardApi: { id: credential.id, name: credential.name } });
	return {
		/** n8n's "Test" button for credentials: `{status: 'OK' | 'Error', message}`. */
		testCredential: (credential, data) =>
			post('/credentials/test', {
				credentials: { id: credential.id, name: credential.name, type: 'switchboardApi', data },
			}),
		/** A node's option list, as the editor loads it. */
		options: (nodeType, methodName, parameter, credential) =>
			post('/dynamic-node-parameters/options', {
				nodeTypeAndVersion: { name: nodeType, version: 1 },
				path: `parameters.${parameter}`,
				methodName,
				currentNodeParameters: {},
				credentials: ref(credential),
			}),
	};
}

const UNFINISHED = new Set(['new', 'running', 'waiting']);

function n8nApi(url, apiKey) {
	const headers = { 'x-n8n-api-key': apiKey };
	const get = (route) => call('GET', `${url}/api/v1${route}`, { headers });
	return {
		get,
		post: (route, json) => call('POST', `${url}/api/v1${route}`, { headers, json }),
		put: (route, json) => call('PUT', `${url}/api/v1${route}`, { headers, json }),
		/** Every execution of a workflow, newest first. */
		executions: async (workflowId) => (await get(`/executions?workflowId=${workflowId}`)).data,
		/** Executions that have ended, whatever their status. */
		finishedExecutions: async (workflowId) =>
			(await get(`/executions?workflowId=${workflowId}`)).data.filter(
				(e) => !UNFINISHED.has(e.status),
			),
		/** The first item a trigger node emitted in an execution (ENVIRONMENT.md, step 6). */
		triggerOutput: async (executionId, nodeName) =>
			(await get(`/executions/${executionId}?includeData=true`)).data.resultData.runData[
				nodeName
			][0].data.main[0][0].json,
		/** A node's static data as n8n saved it. */
		staticData: async (workflowId, nodeName) =>
			(await get(`/workflows/${workflowId}`)).staticData?.[`node:${nodeName}`],
	};
}
