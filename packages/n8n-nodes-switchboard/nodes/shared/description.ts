/**
 * The parts of a trigger node's description every Switchboard trigger shares. Each node file
 * spells out its own identity (name, display name, icon, description); this is the rest.
 */
import type { INodeProperties, IWebhookDescription } from 'n8n-workflow';

/**
 * One POST endpoint. `onReceived` + `noData`: the relay gets an empty 200 as soon as the
 * delivery is verified and the execution is started (without `noData`, n8n would answer with
 * the first item's JSON).
 */
export function triggerWebhooks(): IWebhookDescription[] {
	return [
		{
			name: 'default',
			httpMethod: 'POST',
			responseMode: 'onReceived',
			responseData: 'noData',
			path: 'webhook',
		},
	];
}

export const TRIGGER_SUBTITLE = '={{($parameter["events"] || []).join(", ")}}';

/** A fresh array per node: n8n's loader may add parameters to a description in place. */
export function triggerProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Event Names or IDs',
			name: 'events',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getEventTypes' },
			required: true,
			default: [],
			description:
				'The events that start the workflow; an "Any … Event" choice also matches event types added later. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Source Name or ID',
			name: 'sourceId',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getSources' },
			default: '',
			description:
				'Only events from this source (one vendor account connected to the relay); "Any Source" for all. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			options: [
				{
					name: 'Data Only',
					value: 'data',
					description: "Only the event's data: the vendor payload, cleaned",
				},
				{
					name: 'Whole Event',
					value: 'event',
					description: 'The normalized event: ID, type, vendor, times, source, person and data',
				},
			],
			default: 'event',
		},
	];
}
