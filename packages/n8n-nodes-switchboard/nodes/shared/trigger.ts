/**
 * The one implementation behind every Switchboard trigger node, bound to a scope (one vendor,
 * or every vendor). A node file combines these with its own identity.
 */
import type { IHookFunctions, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { checkExists, create, remove } from './lifecycle';
import { loadEventTypes, loadSources } from './loadOptions';
import type { Scope } from './vendors';

export { TRIGGER_SUBTITLE, triggerWebhooks, triggerProperties } from './description';
export { receiveDelivery } from './webhook';

export function triggerMethods(scope: Scope) {
	return {
		loadOptions: {
			async getEventTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				return await loadEventTypes.call(this, scope);
			},
			async getSources(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				return await loadSources.call(this, scope);
			},
		},
	};
}

export function triggerWebhookMethods(scope: Scope) {
	return {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await checkExists.call(this, scope);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await create.call(this, scope);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await remove.call(this);
			},
		},
	};
}
