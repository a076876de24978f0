import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import {
	receiveDelivery,
	TRIGGER_SUBTITLE,
	triggerWebhooks,
	triggerMethods,
	triggerProperties,
	triggerWebhookMethods,
} from '../shared/trigger';

/** Clarky's events, through the Switchboard relay. */
export class ClarkyTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Clarky Trigger',
		name: 'clarkyTrigger',
		icon: { light: 'file:../../icons/clarky.svg', dark: 'file:../../icons/clarky.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: TRIGGER_SUBTITLE,
		description:
			'Starts the workflow on Clarky events (contacts, conversations, messages, bookings) relayed by Switchboard',
		defaults: { name: 'Clarky Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'switchboardApi', required: true }],
		webhooks: triggerWebhooks(),
		properties: triggerProperties(),
	};

	methods = triggerMethods('clarky');

	webhookMethods = triggerWebhookMethods('clarky');

	webhook = receiveDelivery;
}
