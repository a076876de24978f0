/**
 * One delivery attempt: render, sign, send, decide, record. The only place that turns a
 * delivery into HTTP. Never throws for subscriber trouble; store failures propagate.
 */
import type { EventEnvelope } from '../events/envelope.js';
import { newId } from '../ids.js';
import type { Logger } from '../log.js';
import type { AttemptRecord, AttemptWrite, DeliveryRecord, DeliveryTrigger, HookRecord, Store } from '../store/types.js';
import { renderTemplate } from '../subscriptions/template.js';
import { decide, type Decision } from './outcome.js';
import { authHeaders } from './authHeaders.js';
import { signatureHeaders } from './sign.js';
import type { Sender, SendRequest, SendResult } from './sender.js';

export interface AttemptDeps {
  store: Store;
  sender: Sender;
  logger: Logger;
  now: () => Date;
  timeoutMs: number;
  jitter?: () => number;
  /** How an event becomes its default body (the engine's cache serializes once per event). */
  serialize?: (event: EventEnvelope) => string;
  /** How the outcome is stored (the engines retry a failed record, see recordRetry.ts). @default store.recordAttempt */
  record?: (write: AttemptWrite, now: Date) => Promise<number | null>;
}

export interface AttemptReport {
  attempt: AttemptRecord;
  decision: Decision;
}

/** Renders the body the subscriber receives: the event, or the subscription's template. */
export function renderBody(hook: HookRecord, event: EventEnvelope, serialize: (event: EventEnvelope) => string = JSON.stringify): string {
  return hook.payload_template ? renderTemplate(hook.payload_template, event) : serialize(event);
}

export async function performAttempt(
  deps: AttemptDeps,
  delivery: DeliveryRecord,
  hook: HookRecord,
  trigger: DeliveryTrigger,
  event: EventEnvelope | null,
  /** Called once the subscriber has answered (or failed), before the attempt is recorded. */
  onSent: () => void = () => undefined,
): Promise<AttemptReport> {
  const started = deps.now();
  const prepared = event ? prepare(deps, hook, event) : { problem: `event ${delivery.event_id} is no longer stored (past retention); nothing to send` };
  const result: SendResult | null = 'problem' in prepared ? null : await deps.sender.send(prepared.request);
  onSent();
  const now = deps.now();
  const decision: Decision = result
    ? decide({ result, delivery, trigger, now, policy: hook, ...(deps.jitter ? { jitter: deps.jitter } : {}) })
    : { outcome: 'failed_permanent', status: 'failed', nextAttemptAt: null, error: 'problem' in prepared ? prepared.problem : null, countsInCycle: false };
  const provisional: AttemptRecord = {
    id: newId('att', started.getTime()),
    delivery_id: delivery.id,
    hook_id: hook.id,
    event_id: delivery.event_id,
    number: delivery.attempts + 1,
    trigger,
    started_at: started.toISOString(),
    duration_ms: result?.durationMs ?? 0,
    outcome: decision.outcome,
    status_code: result?.ok ? result.status : null,
    error: decision.error,
    target_url: hook.target_url,
    response_headers: result?.ok ? result.headers : {},
    response_body: result?.ok ? result.body : null,
    next_attempt_at: decision.nextAttemptAt?.toISOString() ?? null,
  };
  // The store numbers the attempt (the row read here may be stale); report the number it gave.
  const write: AttemptWrite = { attempt: provisional, status: decision.status, nextAttemptAt: decision.nextAttemptAt, countsInCycle: decision.countsInCycle };
  const number = await (deps.record ? deps.record(write, now) : deps.store.recordAttempt(write, now));
  const attempt: AttemptRecord = number === null ? provisional : { ...provisional, number };
  deps.logger.info(
    { delivery_id: delivery.id, hook_id: hook.id, event_id: delivery.event_id, attempt: attempt.number, trigger, outcome: decision.outcome, status_code: attempt.status_code, duration_ms: attempt.duration_ms, delivery_status: decision.status, ...(decision.error ? { error: decision.error } : {}) },
    'delivery attempt',
  );
  return { attempt, decision };
}

type Prepared = { request: SendRequest } | { problem: string };

/** The signed request, or why none can be made (a template that no longer renders). */
function prepare(deps: AttemptDeps, hook: HookRecord, event: EventEnvelope): Prepared {
  let body: string;
  try {
    body = renderBody(hook, event, deps.serialize);
  } catch (err) {
    return { problem: `payload_template could not be rendered: ${err instanceof Error ? err.message : String(err)}` };
  }
  const timestamp = Math.floor(deps.now().getTime() / 1000);
  const headers = {
    ...authHeaders(hook.auth),
    'content-type': 'application/json',
    ...signatureHeaders({ secret: hook.secret, id: event.id, timestamp, body }),
  };
  return { request: { hookId: hook.id, method: hook.http_method, url: hook.target_url, headers, body, timeoutMs: deps.timeoutMs } };
}
