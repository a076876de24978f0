/**
 * Receives one relay delivery. The Standard Webhooks signature and timestamp are checked over
 * the raw request bytes with the stored subscription secret before anything else; a request
 * that fails is answered 401 and never starts the workflow. A valid delivery is answered with
 * an empty 200 (the node's webhook uses `responseData: 'noData'`), which the relay records as
 * delivered. A valid delivery whose `webhook-id` this node's subscription accepted less than
 * 5 minutes ago (a relay retry after a lost answer, a manual retry, a replayed request) is
 * answered 200 as well, without starting the workflow again (`deliveryMemory.ts`).
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { isRepeat } from './deliveryMemory';
import { readStoredHook } from './staticData';
import { verify, type VerifyFailure } from './verify';

/** What a refused request is told: enough to debug a misconfigured sender, nothing secret. */
const REFUSALS: Readonly<Record<VerifyFailure, string>> = {
	missing_secret:
		'This trigger holds no subscription secret: deactivate and activate the workflow.',
	invalid_secret:
		'This trigger holds no usable subscription secret: deactivate and activate the workflow.',
	missing_header: 'Missing webhook-id, webhook-timestamp or webhook-signature header.',
	invalid_timestamp: 'webhook-timestamp is not a Unix time in seconds.',
	timestamp_too_old: 'webhook-timestamp is more than 5 minutes old.',
	timestamp_too_new: 'webhook-timestamp is more than 5 minutes in the future.',
	no_matching_signature: 'No webhook-signature matches.',
};

function isRecord(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The event as received, parsed from the verified bytes (not from a re-parsed copy). */
function parseEvent(raw: Buffer): IDataObject | null {
	try {
		const value: unknown = JSON.parse(raw.toString('utf8'));
		return isRecord(value) ? value : null;
	} catch {
		return null;
	}
}

function refuse(
	this: IWebhookFunctions,
	status: number,
	code: string,
	message: string,
): IWebhookResponseData {
	this.getResponseObject().status(status).json({ error: { code, message } });
	return { noWebhookResponse: true };
}

/** A repeat is delivered as far as the relay is concerned: 200, and no execution. */
function answerRepeat(this: IWebhookFunctions, id: string): IWebhookResponseData {
	this.getResponseObject()
		.status(200)
		.json({
			duplicate: true,
			message: `Already received webhook-id ${id} less than 5 minutes ago: the workflow was not started again.`,
		});
	return { noWebhookResponse: true };
}

export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject();
	// n8n keeps the received bytes in `rawBody`; without them nothing can be verified.
	const raw: unknown = request.rawBody;
	const body = Buffer.isBuffer(raw) ? raw : Buffer.alloc(0);
	const stored = readStoredHook(this.getWorkflowStaticData('node'));
	const now = new Date();
	const result = verify({
		secret: stored?.secret,
		headers: request.headers,
		body,
		now,
	});
	// `verify` already refuses a missing secret; testing `stored` too lets TypeScript know it is set.
	if (!result.ok || stored === null) {
		const reason = result.ok ? 'missing_secret' : result.reason;
		return refuse.call(this, 401, 'invalid_signature', REFUSALS[reason]);
	}

	const event = parseEvent(body);
	if (event === null)
		return refuse.call(this, 400, 'invalid_event', 'The body is not a JSON object.');
	// "Data only" passes `data`; an event without an object `data` (a custom payload template
	// set at the relay) is passed whole rather than dropped.
	const dataOnly = this.getNodeParameter('output', 'event') === 'data';
	const json = dataOnly && isRecord(event.data) ? event.data : event;
	if (isRepeat(this, stored, result, now)) return answerRepeat.call(this, result.id);
	return { workflowData: [this.helpers.returnJsonArray(json)] };
}
