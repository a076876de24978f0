/**
 * What a trigger node subscribes to, from its parameters, and how the relay's answers are read.
 * Pure: the lifecycle in `lifecycle.ts` does the I/O.
 *
 * Event patterns follow the relay (README, "Subscriptions and delivery"): an exact
 * `<vendor>.<event>`, `<vendor>.*` (every event of the vendor, uncataloged ones included) or `*`.
 */
import { scopeName, type Scope } from './vendors';

/** The `POST /api/v1/hooks` body a node sends. */
export interface HookRequest {
	target_url: string;
	event_types: string[];
	/** Absent: events from every source. */
	source_id?: string;
	name: string;
}

/** The part of a relay hook (`GET /api/v1/hooks`, `POST /api/v1/hooks`) the node relies on. */
export interface RelayHook {
	id: string;
	target_url: string;
	event_types: string[];
	source_id: string | null;
	disabled_reason: string | null;
	/** Only in the answer to a subscribe call. */
	secret?: string;
}

/** The relay limits a hook's name to 200 characters. */
const MAX_NAME = 200;

/** Why the selected events cannot be subscribed to, or null when they can. */
export function eventsProblem(scope: Scope, events: readonly string[]): string | null {
	if (events.length === 0) return `Pick at least one ${scopeName(scope)} event in "Events".`;
	if (scope === 'any') return null;
	const foreign = events.find((event) => event !== `${scope}.*` && !event.startsWith(`${scope}.`));
	if (foreign === undefined) return null;
	return `"${foreign}" is not a ${scopeName(scope)} event: this trigger listens to ${scope}.* types only. Use the Switchboard Trigger to mix vendors.`;
}

/** "n8n: <workflow> / <node>", within the relay's limit. */
export function hookName(workflowName: string | undefined, nodeName: string): string {
	const name = `n8n: ${workflowName?.trim() || 'workflow'} / ${nodeName}`;
	return name.length > MAX_NAME ? `${name.slice(0, MAX_NAME - 3)}...` : name;
}

export function hookRequest(input: {
	targetUrl: string;
	events: readonly string[];
	sourceId: string;
	name: string;
}): HookRequest {
	return {
		target_url: input.targetUrl,
		event_types: [...new Set(input.events)],
		...(input.sourceId ? { source_id: input.sourceId } : {}),
		name: input.name,
	};
}

function matchesPattern(pattern: string, type: string): boolean {
	if (pattern === '*') return true;
	if (pattern.endsWith('.*'))
		return type.startsWith(pattern.slice(0, -1)) && type.length > pattern.length - 1;
	return pattern === type;
}

/**
 * The relay's canonical form of a pattern list: duplicates and patterns covered by a wider one
 * dropped, sorted. The relay stores hooks in this form, so lists are compared through it.
 */
export function canonicalPatterns(patterns: readonly string[]): string[] {
	const unique = [...new Set(patterns)];
	return unique
		.filter(
			(pattern) => !unique.some((other) => other !== pattern && matchesPattern(other, pattern)),
		)
		.sort();
}

/**
 * Whether a relay hook is the subscription the node asks for: same target, same event set, same
 * source, and not switched off by the relay (the relay does not reuse such a hook either).
 */
export function isSameSubscription(hook: RelayHook, wanted: HookRequest): boolean {
	const left = canonicalPatterns(hook.event_types);
	const right = canonicalPatterns(wanted.event_types);
	return (
		hook.target_url === wanted.target_url &&
		hook.source_id === (wanted.source_id ?? null) &&
		hook.disabled_reason === null &&
		left.length === right.length &&
		left.every((pattern, index) => pattern === right[index])
	);
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A relay hook from an answer, or null when the answer does not hold one. */
export function readHook(value: unknown): RelayHook | null {
	if (!isRecord(value)) return null;
	const { id, target_url, event_types, source_id, disabled_reason, secret } = value;
	if (typeof id !== 'string' || typeof target_url !== 'string') return null;
	if (!Array.isArray(event_types) || !event_types.every((t) => typeof t === 'string')) return null;
	return {
		id,
		target_url,
		event_types: event_types as string[],
		source_id: typeof source_id === 'string' ? source_id : null,
		disabled_reason: typeof disabled_reason === 'string' ? disabled_reason : null,
		...(typeof secret === 'string' ? { secret } : {}),
	};
}

/** The hooks of a `GET /api/v1/hooks` answer (`{"data": [...]}`); unreadable entries are skipped. */
export function readHookList(value: unknown): RelayHook[] {
	if (!isRecord(value) || !Array.isArray(value.data)) return [];
	return value.data.map(readHook).filter((hook): hook is RelayHook => hook !== null);
}
