/**
 * The package as n8n loads it: the built CommonJS files listed in package.json, each exporting
 * the class named after its file, with icons and codex beside them. Runs on dist/ (the
 * workspace's test command builds first).
 */
import type { ICredentialType, INodeType } from 'n8n-workflow';
import { loadOptionsContext } from './support/contexts';
import { FakeRelay } from './support/fakeRelay';
import {
	builtFiles,
	packageFileExists,
	readPackageFile,
	requireBuiltClass,
} from './support/fixtures';

interface PackageJson {
	name: string;
	main?: string;
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	keywords: string[];
	n8n: { strict: boolean; nodes: string[]; credentials: string[] };
}

const pkg = JSON.parse(readPackageFile('package.json')) as PackageJson;

const triggers: Array<[file: string, displayName: string, firstEvent: string]> = [
	['dist/nodes/SwitchboardTrigger/SwitchboardTrigger.node.js', 'Switchboard Trigger', '*'],
	['dist/nodes/ClockworkTrigger/ClockworkTrigger.node.js', 'Clockwork Trigger', 'clockwork.*'],
	[
		'dist/nodes/ClockwiseMdTrigger/ClockwiseMdTrigger.node.js',
		'Clockwise.MD Trigger',
		'clockwise_md.*',
	],
	[
		'dist/nodes/ClarityflowTrigger/ClarityflowTrigger.node.js',
		'Clarityflow Trigger',
		'clarityflow.*',
	],
	['dist/nodes/ClarkyTrigger/ClarkyTrigger.node.js', 'Clarky Trigger', 'clarky.*'],
];

function instance<T>(file: string): T {
	const Class = requireBuiltClass(file) as new () => T;
	expect(typeof Class).toBe('function');
	return new Class();
}

describe('package.json', () => {
	it('is a community node package with no runtime dependencies', () => {
		expect(pkg.name).toMatch(/^n8n-nodes-/);
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.n8n.strict).toBe(true);
	});

	it('lists exactly the built nodes and credentials', () => {
		expect([...pkg.n8n.nodes].sort()).toEqual(builtFiles('.node.js'));
		expect(pkg.n8n.credentials).toEqual(builtFiles('.credentials.js'));
	});
});

describe.each(triggers)('%s', (file, displayName, wildcard) => {
	const node = instance<INodeType>(file);
	const { description } = node;

	it(`is the "${displayName}" trigger, found by its vendor's name`, () => {
		expect(description.displayName).toBe(displayName);
		expect(description.defaults.name).toBe(displayName);
		expect(description.group).toEqual(['trigger']);
		expect(description.inputs).toEqual([]);
		expect(description.credentials).toEqual([{ name: 'switchboardApi', required: true }]);
	});

	it('has the lifecycle, the webhook and the lists', () => {
		expect(Object.keys(node.webhookMethods?.default ?? {})).toEqual([
			'checkExists',
			'create',
			'delete',
		]);
		expect(typeof node.webhook).toBe('function');
		expect(Object.keys(node.methods?.loadOptions ?? {})).toEqual(['getEventTypes', 'getSources']);
		expect(description.properties.map((p) => p.name)).toEqual(['events', 'sourceId', 'output']);
	});

	it(`offers ${wildcard} first: it is bound to its own vendor`, async () => {
		const relay = new FakeRelay();
		relay.down = true;
		const { context } = loadOptionsContext({ relay });

		const options = (await node.methods?.loadOptions?.getEventTypes?.call(context)) ?? [];

		expect(options[0]?.value).toBe(wildcard);
	});

	it('has its light and dark icons and its codex file in dist', () => {
		const icon = description.icon as { light: string; dark: string };
		const folder = file.slice(0, file.lastIndexOf('/'));
		for (const variant of [icon.light, icon.dark]) {
			expect(packageFileExists(`${folder}/${variant.replace('file:', '')}`)).toBe(true);
		}
		const codex = JSON.parse(readPackageFile(file.replace(/\.js$/, '.json'))) as {
			node: string;
			alias: string[];
		};
		expect(codex.node).toBe(`n8n-nodes-switchboard.${description.name}`);
		expect(codex.alias).toContain(displayName.replace(' Trigger', ''));
	});
});

describe('Switchboard API credentials', () => {
	const credential = instance<ICredentialType>(pkg.n8n.credentials[0] ?? '');

	it('holds the relay URL and API key, and tests them with GET /api/v1/me', () => {
		expect(credential.name).toBe('switchboardApi');
		expect(credential.displayName).toBe('Switchboard API');
		expect(credential.properties.map((p) => [p.name, p.typeOptions?.password ?? false])).toEqual([
			['url', false],
			['apiKey', true],
		]);
		expect(credential.test?.request).toMatchObject({ url: '/me', method: 'GET' });
		expect(credential.test?.request.baseURL).toMatch(/\/api\/v1$/);
		expect(credential.authenticate).toEqual({
			type: 'generic',
			properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } },
		});
	});
});
