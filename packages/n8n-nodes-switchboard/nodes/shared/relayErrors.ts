/**
 * Turns a failed relay call into a `NodeApiError` that says what to fix: the API key, the relay
 * URL, an event type, a source, or n8n's webhook URL. n8n shows `message` as the headline and
 * `description` below it, so the headline names the problem and the description the fix.
 */
import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

/** The relay's error body: `{"error": {"code", "message", "field"?}}` (README, "API"). */
export interface RelayErrorBody {
	code: string;
	message: string;
	field?: string;
}

/** What a failed request tells us, wherever the HTTP client put it. */
export interface Failure {
	/** The HTTP status, when the relay answered. */
	status?: number;
	/** The relay's coded error, when the answer held one. */
	relay?: RelayErrorBody;
	/** The network error code (`ECONNREFUSED`, ...), when no answer came. */
	network?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

function readRelayBody(value: unknown): RelayErrorBody | undefined {
	if (!isRecord(value) || !isRecord(value.error)) return undefined;
	const { code, message, field } = value.error;
	if (typeof code !== 'string' || typeof message !== 'string') return undefined;
	return { code, message, ...(typeof field === 'string' ? { field } : {}) };
}

function readStatus(value: unknown): number | undefined {
	const status = typeof value === 'string' ? Number(value) : value;
	return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status < 600
		? status
		: undefined;
}

/**
 * Reads an error thrown by `httpRequestWithAuthentication`: a `NodeApiError` around an axios
 * error in n8n 2.x (`cause.response.{status,data}`, `cause.code`), or the axios error itself.
 * Looks a few levels down the `cause` chain; never throws.
 */
export function readFailure(error: unknown): Failure {
	const failure: Failure = {};
	let current: unknown = error;
	for (let depth = 0; depth < 4 && isRecord(current); depth++) {
		const response = isRecord(current.response) ? current.response : undefined;
		const context = isRecord(current.context) ? current.context : undefined;
		failure.status ??=
			readStatus(response?.status) ??
			readStatus(current.httpCode) ??
			readStatus(current.statusCode);
		failure.relay ??=
			readRelayBody(response?.data) ?? readRelayBody(context?.data) ?? readRelayBody(current.error);
		if (typeof current.code === 'string' && /^E[A-Z_]+$/.test(current.code))
			failure.network ??= current.code;
		current = current.cause;
	}
	return failure;
}

export interface FailureContext {
	/** The relay URL from the credentials. */
	relayUrl: string;
	/** e.g. `POST /api/v1/hooks`. */
	request: string;
}

interface Explanation {
	message: string;
	description: string;
}

const KEY_HINT =
	"Check the API Key in the Switchboard API credentials: use one of the relay's SWITCHBOARD_API_KEYS, or the key it printed at its first start.";

function relayText(failure: Failure): string {
	return failure.relay ? ` The relay said: ${failure.relay.message}` : '';
}

/** The headline and the fix for one failure. Pure. */
export function explain(failure: Failure, context: FailureContext): Explanation {
	const { status, relay } = failure;
	if (status === undefined) {
		const code = failure.network ? ` (${failure.network})` : '';
		return {
			message: 'Cannot reach the Switchboard relay',
			description: `${context.request} got no answer from ${context.relayUrl}${code}. Check the Relay URL in the Switchboard API credentials and that the relay is running: ${context.relayUrl}/healthz should answer.`,
		};
	}
	if (status === 401 || status === 403) {
		return {
			message: 'The Switchboard relay refused the API key',
			description: KEY_HINT + relayText(failure),
		};
	}
	const field = relay?.field ?? '';
	if (status === 400 && (field.startsWith('event_types') || field === 'event')) {
		return {
			message: 'The Switchboard relay does not accept an event type',
			description: `Pick the events from the list (it comes from the relay's GET /api/v1/event-types), or write them as <vendor>.<event>, <vendor>.* or *.${relayText(failure)}`,
		};
	}
	if (status === 400 && field === 'source_id') {
		return {
			message: 'Unknown Switchboard source',
			description: `Pick a source from the list, or choose "Any Source". The source may have been deleted at the relay.${relayText(failure)}`,
		};
	}
	if (status === 400 && relay?.code === 'invalid_target_url') {
		return {
			message: "The Switchboard relay refuses this workflow's webhook URL",
			description: `The relay must be able to reach n8n at its production webhook URL, and its SWITCHBOARD_TARGET_POLICY must allow that address. Set WEBHOOK_URL on n8n to an address the relay can reach.${relayText(failure)}`,
		};
	}
	if (status === 404 && (relay === undefined || relay.code === 'route_not_found')) {
		return {
			message: 'No Switchboard relay API at this URL',
			description: `${context.request} answered 404 at ${context.relayUrl}. The Relay URL in the credentials must be the relay's base URL (for example http://127.0.0.1:8080), without a path.`,
		};
	}
	return {
		message: `The Switchboard relay answered ${status} to ${context.request}`,
		description: relay?.message ?? 'See the relay log for details.',
	};
}

/**
 * A `NodeApiError` for a failed relay call. Built from a plain object, not from `error`:
 * `new NodeApiError(node, aNodeApiError)` hands back the original, dropping our message.
 */
export function relayError(node: INode, error: unknown, context: FailureContext): NodeApiError {
	const failure = readFailure(error);
	const { message, description } = explain(failure, context);
	const response: JsonObject = { message, description };
	if (failure.relay) response.relayError = { ...failure.relay };
	return new NodeApiError(node, response, {
		message,
		description,
		...(failure.status !== undefined ? { httpCode: String(failure.status) } : {}),
	});
}
