import { Router } from 'express';
import { CATALOG } from '../catalog/catalog.js';
import type { AppDeps } from '../deps.js';
import { AppError, invalidField, missingField } from '../errors.js';
import type { EventEnvelope } from '../events/envelope.js';
import { queryLimit, queryString, rejectUnknownFields, requireBody } from '../http/validate.js';
import { newId } from '../ids.js';
import { InvalidCursorError, type DeliveryQuery, type DeliveryStatus, type HookRecord } from '../store/types.js';
import { matches } from '../subscriptions/patterns.js';
import type { AttemptReport } from './attempt.js';

const STATUSES: readonly DeliveryStatus[] = ['pending', 'succeeded', 'failed', 'cancelled'];

/** Delivery log, test send, manual retry, recover and replay. */
export function deliveryRouter(deps: AppDeps): Router {
  const router = Router();
  const { store, hooks, engine } = deps;

  const loadHook = (id: string): HookRecord => {
    const hook = hooks.get(id)?.record;
    if (!hook) throw new AppError('not_found', `No subscription ${JSON.stringify(id.slice(0, 60))}.`);
    return hook;
  };

  const list = async (query: DeliveryQuery): Promise<{ data: unknown[]; next_cursor: string | null }> => {
    try {
      const page = await store.listDeliveries(query);
      return { data: page.deliveries, next_cursor: page.nextCursor };
    } catch (err) {
      if (err instanceof InvalidCursorError) throw new AppError('invalid_cursor', 'Invalid `cursor`: pass the `next_cursor` of a previous page unchanged.', { field: 'cursor' });
      throw err;
    }
  };

  router.get('/hooks/:id/deliveries', async (req, res) => {
    const hook = loadHook(req.params.id);
    res.json(await list({ ...parseDeliveryQuery(req.query), hookId: hook.id }));
  });

  router.get('/deliveries', async (req, res) => {
    const hookId = queryString(req.query['hook_id'], 'hook_id');
    res.json(await list({ ...parseDeliveryQuery(req.query), ...(hookId ? { hookId } : {}) }));
  });

  router.get('/deliveries/:id', async (req, res) => {
    const found = (await store.listDeliveries({ limit: 1, deliveryId: req.params.id })).deliveries[0];
    if (!found) throw new AppError('not_found', `No delivery ${JSON.stringify(req.params.id.slice(0, 60))}.`);
    res.json(found);
  });

  router.post('/deliveries/:id/retry', async (req, res) => {
    const delivery = await store.getDelivery(req.params.id);
    if (!delivery) throw new AppError('not_found', `No delivery ${JSON.stringify(req.params.id.slice(0, 60))}.`);
    const hook = hooks.get(delivery.hook_id)?.record;
    if (!hook) throw new AppError('conflict', `The subscription ${delivery.hook_id} of this delivery was deleted; replay the event to another subscription instead.`);
    res.json(attemptView(await engine.retryNow(delivery, hook)));
  });

  router.post('/hooks/:id/test', async (req, res) => {
    const hook = loadHook(req.params.id);
    res.json(attemptView(await engine.sendTest(hook, testEvent(hook, deps.now()))));
  });

  router.post('/hooks/:id/recover', async (req, res) => {
    const hook = loadHook(req.params.id);
    const body = requireBody(req.body);
    rejectUnknownFields(body, ['since']);
    const since = parseSince(body['since'], deps.now());
    const requeued = await store.requeueFailed(hook.id, since, deps.now());
    engine.notify();
    req.log.info({ hook_id: hook.id, since: since.toISOString(), requeued }, 'failed deliveries re-queued');
    res.status(202).json({ hook_id: hook.id, since: since.toISOString(), requeued, active: hook.active });
  });

  router.post('/events/:id/replay', async (req, res) => {
    const body = req.body === undefined ? {} : requireBody(req.body);
    rejectUnknownFields(body, ['hook_id']);
    const stored = await store.getEvent(req.params.id);
    if (!stored) throw new AppError('event_not_found', `No event ${JSON.stringify(req.params.id.slice(0, 60))} (it may be past retention).`);
    const event = stored.envelope;
    let targets: HookRecord[];
    if (body['hook_id'] !== undefined) {
      if (typeof body['hook_id'] !== 'string') throw invalidField('hook_id', 'a subscription id', body['hook_id']);
      targets = [loadHook(body['hook_id'])];
    } else {
      targets = hooks.matching(event).map((h) => h.record);
    }
    const now = deps.now();
    const deliveries = targets.map((hook) => ({ id: newId('dlv', now.getTime()), hook_id: hook.id, trigger: 'replay' as const }));
    if (deliveries.length > 0) await store.addDeliveries(event.id, event.type, deliveries, now);
    engine.notify();
    res.status(202).json({ event_id: event.id, deliveries: deliveries.map(({ id, hook_id }) => ({ id, hook_id })) });
  });

  return router;
}

function parseDeliveryQuery(query: Record<string, unknown>): DeliveryQuery {
  const status = queryString(query['status'], 'status');
  if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) throw invalidField('status', `one of ${STATUSES.join(', ')}`, status);
  const eventType = queryString(query['event_type'], 'event_type');
  const eventId = queryString(query['event_id'], 'event_id');
  const cursor = queryString(query['cursor'], 'cursor', 100);
  return {
    limit: queryLimit(query['limit'], 50, 500),
    ...(status ? { status: status as DeliveryStatus } : {}),
    ...(eventType ? { eventType } : {}),
    ...(eventId ? { eventId } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

function parseSince(value: unknown, now: Date): Date {
  if (value === undefined) throw missingField('since', 'an ISO-8601 time; failed deliveries created since then are re-queued');
  const at = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at) || at > now.getTime()) throw invalidField('since', 'an ISO-8601 time in the past', value);
  return new Date(at);
}

/** A catalog sample of a type the hook subscribes to, with a fresh id (the `webhook-id`). */
function testEvent(hook: HookRecord, now: Date): EventEnvelope {
  const entry = CATALOG.find((e) => matches(hook.event_types, e.type)) ?? CATALOG[0];
  if (!entry) throw new Error('empty catalog');
  return { ...entry.sample, id: newId('evt', now.getTime()), received_at: now.toISOString(), warnings: [...entry.sample.warnings, 'test event sent from Switchboard'] };
}

function attemptView(report: AttemptReport): Record<string, unknown> {
  return { delivery_id: report.attempt.delivery_id, outcome: report.decision.outcome, delivery_status: report.decision.status, attempt: report.attempt };
}
