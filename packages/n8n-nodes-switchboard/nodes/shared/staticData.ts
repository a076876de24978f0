/**
 * What a trigger keeps in its node's static data: the relay subscription it made and that
 * subscription's signing secret. n8n saves it with the workflow after `create()`.
 */
import type { IDataObject } from 'n8n-workflow';

export interface StoredHook {
	hookId: string;
	/** `whsec_…`: verifies every delivery (`webhook.ts`). Shown by the relay only at subscribe. */
	secret: string;
}

export function readStoredHook(data: IDataObject): StoredHook | null {
	const { hookId, secret } = data;
	return typeof hookId === 'string' && typeof secret === 'string' ? { hookId, secret } : null;
}

export function storeHook(data: IDataObject, hook: StoredHook): void {
	data.hookId = hook.hookId;
	data.secret = hook.secret;
}

export function forgetHook(data: IDataObject): void {
	delete data.hookId;
	delete data.secret;
}
