import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import {
	receiveDelivery,
	TRIGGER_SUBTITLE,
	triggerWebhooks,
	triggerMethods,
	triggerProperties,
	triggerWebhookMethods,
} from '../shared/trigger';

/** Clarityflow's events, through the Switchboard relay. */
export class ClarityflowTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Clarityflow Trigger',
		name: 'clarityflowTrigger',
		icon: {
			light: 'file:../../icons/clarityflow.svg',
			dark: 'file:../../icons/clarityflow.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: TRIGGER_SUBTITLE,
		description:
			'Starts the workflow on Clarityflow events (conversations, messages, appointments, purchases, forms, tasks) relayed by Switchboard',
		defaults: { name: 'Clarityflow Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'switchboardApi', required: true }],
		webhooks: triggerWebhooks(),
		properties: triggerProperties(),
	};

	methods = triggerMethods('clarityflow');

	webhookMethods = triggerWebhookMethods('clarityflow');

	webhook = receiveDelivery;
}
