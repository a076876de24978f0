// End-to-end: the built n8n-nodes-switchboard inside a real n8n, against a real relay.
// Started by e2e/run.sh (which provides Node 24 and the cached n8n install). Prints each step,
// stops every process it started however the run ends, exits non-zero on any failure.
//
// Usage: node e2e/e2e.mjs --n8n-dir <dir> --node-bin <node 24 bin> --relay-node <node> --repo <repo> [--keep]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Fatal } from './lib/check.mjs';
import { killAllNow, stopAll, tail } from './lib/processes.mjs';
import { runSteps } from './lib/steps.mjs';
import { scenario } from './scenario.mjs';

const { values: args } = parseArgs({
	options: {
		'n8n-dir': { type: 'string' },
		'node-bin': { type: 'string' },
		'relay-node': { type: 'string' },
		repo: { type: 'string' },
		keep: { type: 'boolean', default: false },
	},
});
for (const name of ['n8n-dir', 'node-bin', 'relay-node', 'repo']) {
	if (!args[name]) throw new Error(`missing --${name}`);
}
const repo = path.resolve(args.repo);
const tmp = mkdtempSync(path.join(tmpdir(), 'switchboard-n8n-e2e-'));
const config = {
	relayNode: args['relay-node'],
	n8nDir: args['n8n-dir'],
	nodeBin: args['node-bin'],
	repo,
	packageDir: path.join(repo, 'packages/n8n-nodes-switchboard'),
	fixturesDir: path.join(repo, 'fixtures'),
	tmp,
};
const state = {};

process.on('exit', killAllNow);
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.once(signal, async () => {
		console.log(`\n[e2e] ${signal}: stopping everything started`);
		const stopped = await stopAll(3000);
		console.log(`[e2e] stopped ${stopped.join(', ') || 'nothing'}; logs kept in ${tmp}`);
		process.exit(130);
	});
}

let failed = false;
try {
	const alive = () => [state.relay?.process, state.n8n?.process].filter(Boolean);
	await runSteps(scenario(config, state), { Fatal, alive });
} catch {
	failed = true;
	for (const name of ['relay', 'n8n']) {
		const log = path.join(tmp, `${name}.log`);
		console.log(`[e2e] --- last lines of the ${name} log (${log}) ---\n${tail(log, 40)}`);
	}
} finally {
	const stopped = await stopAll();
	console.log(`[e2e] stopped ${stopped.join(', ') || 'nothing'}`);
	if (args.keep || failed) console.log(`[e2e] logs kept in ${tmp}`);
	else rmSync(tmp, { recursive: true, force: true });
}
console.log(failed ? '[e2e] FAILED' : '[e2e] passed');
process.exit(failed ? 1 : 0);
