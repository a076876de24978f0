import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import {
	receiveDelivery,
	TRIGGER_SUBTITLE,
	triggerWebhooks,
	triggerMethods,
	triggerProperties,
	triggerWebhookMethods,
} from '../shared/trigger';

/** Events of any vendor, or of several, in one trigger. */
export class SwitchboardTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Switchboard Trigger',
		name: 'switchboardTrigger',
		icon: {
			light: 'file:../../icons/switchboard.svg',
			dark: 'file:../../icons/switchboard.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: TRIGGER_SUBTITLE,
		description:
			'Starts the workflow on Clockwork, Clockwise.MD, Clarityflow or Clarky events relayed by Switchboard',
		defaults: { name: 'Switchboard Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'switchboardApi', required: true }],
		webhooks: triggerWebhooks(),
		properties: triggerProperties(),
	};

	methods = triggerMethods('any');

	webhookMethods = triggerWebhookMethods('any');

	webhook = receiveDelivery;
}
