/**
 * Where a trigger remembers the deliveries it accepted: one bounded `RecentIds` per n8n process,
 * shared by every Switchboard trigger node that process runs (README, "Repeated deliveries").
 *
 * Why in memory and not in the workflow's static data: n8n loads static data from the database
 * for each webhook call and, when it changed, writes the whole workflow's static data back. A
 * delivery memory there would cost a database write per delivery, and concurrent deliveries
 * would race on it; worse, a call that started before a re-publish could write back the old
 * subscription secret over the new one, and every later delivery would be refused. The price
 * of memory: it is per process (lost on restart; in queue mode each webhook process has its own).
 */
import type { IWebhookFunctions } from 'n8n-workflow';
import { RecentIds } from './recentIds';
import type { StoredHook } from './staticData';

const accepted = new RecentIds();

/**
 * One trigger node's one subscription: a repeat for another workflow, another node, or another
 * subscription of the same node (a test run of the editor subscribes anew) is not a repeat.
 */
function deliveryScope(workflowId: string, nodeId: string, hookId: string): string {
	return `${workflowId}\u0000${nodeId}\u0000${hookId}`;
}

/**
 * Records a verified delivery; true when this node's subscription accepted the same
 * `webhook-id` within the window. Call only after verification: forged ids must never be stored.
 */
export function isRepeat(
	context: IWebhookFunctions,
	hook: StoredHook,
	verified: { id: string; timestamp: number },
	now: Date,
): boolean {
	const workflowId = String(context.getWorkflow().id ?? '');
	const scope = deliveryScope(workflowId, context.getNode().id, hook.hookId);
	return accepted.seen({
		scope,
		id: verified.id,
		signedAt: verified.timestamp * 1000,
		now: now.getTime(),
	});
}
