// The relay as a process (node relay/dist/main.js) and a client for its admin API.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { call } from './http.mjs';
import { freePort, start, waitFor } from './processes.mjs';

export async function startRelay({ node, repo, tmp }) {
	const port = await freePort();
	const dataDir = path.join(tmp, 'relay-data');
	mkdirSync(dataDir, { recursive: true, mode: 0o700 });
	const apiKey = `sb_e2e_${randomBytes(16).toString('hex')}`;
	const url = `http://127.0.0.1:${port}`;
	const process_ = start('relay', node, [path.join(repo, 'relay/dist/main.js')], {
		cwd: tmp,
		logFile: path.join(tmp, 'relay.log'),
		env: {
			...process.env,
			SWITCHBOARD_PORT: String(port),
			SWITCHBOARD_HOST: '127.0.0.1',
			SWITCHBOARD_DATA_DIR: dataDir,
			SWITCHBOARD_API_KEYS: apiKey,
			SWITCHBOARD_LOG_LEVEL: 'info',
		},
	});
	await waitFor('the relay to be ready', async () => (await fetch(`${url}/readyz`)).ok, {
		alive: [process_],
	});
	return { url, apiKey, process: process_, api: relayApi(url, apiKey) };
}

function relayApi(url, apiKey) {
	const auth = { authorization: `Bearer ${apiKey}` };
	return {
		get: (route) => call('GET', `${url}/api/v1${route}`, { headers: auth }),
		post: (route, json) => call('POST', `${url}/api/v1${route}`, { headers: auth, json }),
		hooksAt: async (targetUrl) =>
			(
				await call('GET', `${url}/api/v1/hooks?target_url=${encodeURIComponent(targetUrl)}`, {
					headers: auth,
				})
			).data,
	};
}
