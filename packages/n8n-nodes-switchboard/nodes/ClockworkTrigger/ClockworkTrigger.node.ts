import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import {
	receiveDelivery,
	TRIGGER_SUBTITLE,
	triggerWebhooks,
	triggerMethods,
	triggerProperties,
	triggerWebhookMethods,
} from '../shared/trigger';

/** Clockwork's events, through the Switchboard relay. */
export class ClockworkTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Clockwork Trigger',
		name: 'clockworkTrigger',
		icon: { light: 'file:../../icons/clockwork.svg', dark: 'file:../../icons/clockwork.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: TRIGGER_SUBTITLE,
		description:
			'Starts the workflow on Clockwork events (appointment invitations) relayed by Switchboard',
		defaults: { name: 'Clockwork Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'switchboardApi', required: true }],
		webhooks: triggerWebhooks(),
		properties: triggerProperties(),
	};

	methods = triggerMethods('clockwork');

	webhookMethods = triggerWebhookMethods('clockwork');

	webhook = receiveDelivery;
}
