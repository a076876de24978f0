/**
 * The webhook lifecycle n8n runs on activation (`checkExists`, then `create` if needed) and
 * deactivation (`delete`), as REST-hook calls to the relay.
 *
 * Contracts:
 * - A node's production webhook URL holds its unique webhook id, so every relay hook with that
 *   `target_url` belongs to this node. The relay hook, not the node name, is the identity:
 *   renaming a node loses its static data but never duplicates its subscription.
 * - `checkExists` is true only when the relay holds exactly the wanted subscription AND the
 *   static data holds its id and secret. Otherwise `create` subscribes again; the relay's
 *   subscribe is idempotent (the same target URL, event set and source answer 200 with the
 *   existing hook and its secret), so this recovers the secret without a second hook.
 * - `create` then deletes any other hook at this URL: one from an earlier configuration whose
 *   deliveries, signed with a secret this node no longer has, could only be refused.
 * - `delete` removes every hook at this URL plus the stored one; an already-deleted hook is fine.
 */
import { NodeApiError, NodeOperationError, type IHookFunctions } from 'n8n-workflow';
import { relayRequest } from './relay';
import { forgetHook, readStoredHook, storeHook } from './staticData';
import {
	eventsProblem,
	hookName,
	hookRequest,
	isSameSubscription,
	readHook,
	readHookList,
	type HookRequest,
	type RelayHook,
} from './subscription';
import type { Scope } from './vendors';

function webhookUrl(this: IHookFunctions): string {
	const url = this.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(this.getNode(), 'n8n gave this trigger no webhook URL');
	return url;
}

function stringList(value: unknown): string[] {
	return Array.isArray(value)
		? value.filter((item): item is string => typeof item === 'string')
		: [];
}

/** The subscription the node's parameters ask for. Throws a `NodeOperationError` naming the fix. */
export function wantedHook(this: IHookFunctions, scope: Scope): HookRequest {
	const events = stringList(this.getNodeParameter('events', []));
	const problem = eventsProblem(scope, events);
	if (problem !== null) throw new NodeOperationError(this.getNode(), problem);
	const sourceId = this.getNodeParameter('sourceId', '');
	return hookRequest({
		targetUrl: webhookUrl.call(this),
		events,
		sourceId: typeof sourceId === 'string' ? sourceId.trim() : '',
		name: hookName(this.getWorkflow().name, this.getNode().name),
	});
}

/**
 * The relay's hooks for this URL. Filtered again here: a relay that ignored `target_url` must
 * never make `create` or `delete` remove another subscriber's hooks.
 */
async function hooksAt(this: IHookFunctions, targetUrl: string): Promise<RelayHook[]> {
	const answer = await relayRequest.call(this, {
		method: 'GET',
		path: '/hooks',
		qs: { target_url: targetUrl },
	});
	return readHookList(answer).filter((hook) => hook.target_url === targetUrl);
}

async function unsubscribe(this: IHookFunctions, hookId: string): Promise<void> {
	await relayRequest.call(this, {
		method: 'DELETE',
		path: `/hooks/${encodeURIComponent(hookId)}`,
		notFoundOk: true,
	});
}

export async function checkExists(this: IHookFunctions, scope: Scope): Promise<boolean> {
	const wanted = wantedHook.call(this, scope);
	const stored = readStoredHook(this.getWorkflowStaticData('node'));
	const existing = (await hooksAt.call(this, wanted.target_url)).find((hook) =>
		isSameSubscription(hook, wanted),
	);
	return existing !== undefined && stored !== null && stored.hookId === existing.id;
}

export async function create(this: IHookFunctions, scope: Scope): Promise<boolean> {
	const wanted = wantedHook.call(this, scope);
	const hook = readHook(
		await relayRequest.call(this, { method: 'POST', path: '/hooks', body: { ...wanted } }),
	);
	if (hook?.secret === undefined) {
		throw new NodeApiError(
			this.getNode(),
			{ message: 'no subscription secret' },
			{
				message: 'The Switchboard relay did not return a subscription secret',
				description:
					'POST /api/v1/hooks must answer with the hook id and its `secret`: is the Relay URL a Switchboard relay?',
			},
		);
	}
	storeHook(this.getWorkflowStaticData('node'), { hookId: hook.id, secret: hook.secret });
	for (const stale of await hooksAt.call(this, wanted.target_url)) {
		if (stale.id !== hook.id) await unsubscribe.call(this, stale.id);
	}
	return true;
}

export async function remove(this: IHookFunctions): Promise<boolean> {
	const data = this.getWorkflowStaticData('node');
	const ids = new Set((await hooksAt.call(this, webhookUrl.call(this))).map((hook) => hook.id));
	const stored = readStoredHook(data);
	if (stored) ids.add(stored.hookId);
	for (const id of ids) await unsubscribe.call(this, id);
	forgetHook(data);
	return true;
}
