import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * The relay's admin API: its base URL and one of its API keys, sent as a bearer token. The test
 * calls GET /api/v1/me, the relay's key check. The URL is trimmed like `relayBaseUrl` in
 * nodes/shared/relay.ts (trailing slashes and a pasted /api/v1 are dropped).
 */
export class SwitchboardApi implements ICredentialType {
	name = 'switchboardApi';

	displayName = 'Switchboard API';

	icon: Icon = {
		light: 'file:../icons/switchboard.svg',
		dark: 'file:../icons/switchboard.dark.svg',
	};

	documentationUrl =
		'https://github.com/switchboard-relay/switchboard/tree/main/packages/n8n-nodes-switchboard#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Relay URL',
			name: 'url',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:8080',
			required: true,
			description: 'The base URL of your Switchboard relay, as n8n reaches it',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				"One of the relay's admin API keys: from SWITCHBOARD_API_KEYS, or the key the relay printed at its first start",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.url.trim().replace(/\\/+$/, "").replace(/\\/api\\/v1$/, "")}}/api/v1',
			url: '/me',
			method: 'GET',
		},
	};
}
