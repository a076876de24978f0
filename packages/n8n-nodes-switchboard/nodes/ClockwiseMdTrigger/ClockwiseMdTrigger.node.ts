import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import {
	receiveDelivery,
	TRIGGER_SUBTITLE,
	triggerWebhooks,
	triggerMethods,
	triggerProperties,
	triggerWebhookMethods,
} from '../shared/trigger';

/** Clockwise.MD's events, through the Switchboard relay. */
export class ClockwiseMdTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Clockwise.MD Trigger',
		name: 'clockwiseMdTrigger',
		icon: {
			light: 'file:../../icons/clockwise_md.svg',
			dark: 'file:../../icons/clockwise_md.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: TRIGGER_SUBTITLE,
		description:
			'Starts the workflow on Clockwise.MD events (appointment and patient queue changes) relayed by Switchboard',
		defaults: { name: 'Clockwise.MD Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'switchboardApi', required: true }],
		webhooks: triggerWebhooks(),
		properties: triggerProperties(),
	};

	methods = triggerMethods('clockwise_md');

	webhookMethods = triggerWebhookMethods('clockwise_md');

	webhook = receiveDelivery;
}
