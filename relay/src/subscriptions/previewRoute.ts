/**
 * `POST /api/v1/hooks/preview`: what a subscription being edited would send, without saving it.
 * The admin page's template editor calls it as the operator types, so the relay's own template
 * engine and filter (not a copy in the browser) decide what is valid.
 *
 * Body: `payload_template?` (string or null), `filter?` (object or null), and the event to try
 * them on: `event_id` (a stored event), else `event_type` (that type's catalog sample), else the
 * first catalog sample selected by `event_types` (default `["*"]`). Always `200` when the request
 * itself is well formed; template and filter problems are reported in the answer.
 */
import { Router } from 'express';
import { catalogEntry } from '../catalog/catalog.js';
import type { AppDeps } from '../deps.js';
import { AppError, invalidField } from '../errors.js';
import type { EventEnvelope } from '../events/envelope.js';
import { rejectUnknownFields, requireBody, type Json } from '../http/validate.js';
import { compileFilter, evaluate } from './filter.js';
import { sampleEventFor } from './hookInput.js';
import { validatePatterns } from './patterns.js';
import { renderTemplate, validateTemplate } from './template.js';

const FIELDS = ['payload_template', 'filter', 'event_types', 'event_type', 'event_id'];

async function pickEvent(body: Json, store: AppDeps['store']): Promise<{ event: EventEnvelope; from: 'stored' | 'catalog' }> {
  const eventId = body['event_id'];
  if (eventId !== undefined) {
    if (typeof eventId !== 'string' || eventId.length > 100) throw invalidField('event_id', 'the id of a stored event', eventId);
    const stored = await store.getEvent(eventId);
    if (!stored) throw new AppError('event_not_found', `No event ${JSON.stringify(eventId.slice(0, 60))} (it may be past retention).`);
    return { event: stored.envelope, from: 'stored' };
  }
  const type = body['event_type'];
  if (type !== undefined) {
    const entry = typeof type === 'string' ? catalogEntry(type) : undefined;
    if (!entry) throw invalidField('event_type', 'a type from GET /api/v1/event-types', type);
    return { event: entry.sample, from: 'catalog' };
  }
  const patterns = body['event_types'] === undefined ? ['*'] : validatePatterns({ event_types: body['event_types'] });
  if (patterns instanceof AppError) throw patterns;
  return { event: sampleEventFor(patterns), from: 'catalog' };
}

export function previewRouter(deps: Pick<AppDeps, 'store'>): Router {
  const router = Router();
  router.post('/hooks/preview', async (req, res) => {
    const body = requireBody(req.body);
    rejectUnknownFields(body, FIELDS);
    const { event, from } = await pickEvent(body, deps.store);

    const template = body['payload_template'] ?? null;
    const templateError = template === null ? null : validateTemplate(template, event);
    const rendered = template === null ? JSON.stringify(event) : templateError ? null : renderTemplate(template as string, event);

    const filterInput = body['filter'] ?? null;
    const filter = filterInput === null ? null : compileFilter(filterInput);
    const filterError = filter instanceof AppError ? filter : null;

    res.json({
      event,
      event_from: from,
      body: rendered,
      template_error: templateError ? templateError.toBody().error : null,
      filter_matches: filter === null || filter instanceof AppError ? null : evaluate(filter, event),
      filter_error: filterError ? filterError.toBody().error : null,
    });
  });
  return router;
}
