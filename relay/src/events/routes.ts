import { Router } from 'express';
import { CATALOG } from '../catalog/catalog.js';
import type { AppDeps } from '../deps.js';
import { AppError, invalidField } from '../errors.js';
import { queryLimit, queryString } from '../http/validate.js';
import { InvalidCursorError } from '../store/types.js';
import { isVendor, VENDORS } from '../vendors/types.js';

export function eventsRouter(deps: AppDeps): Router {
  const router = Router();
  const { store } = deps;

  router.get('/event-types', (req, res) => {
    const vendor = parseVendor(req.query['vendor']);
    res.json({ data: CATALOG.filter((e) => vendor === undefined || e.vendor === vendor) });
  });

  router.get('/events', async (req, res) => {
    const vendor = parseVendor(req.query['vendor']);
    const type = queryString(req.query['type'], 'type');
    const sourceId = queryString(req.query['source_id'], 'source_id');
    const cursor = queryString(req.query['cursor'], 'cursor', 100);
    const limit = queryLimit(req.query['limit'], 50, 500);
    try {
      const page = await store.listEvents({ limit, ...(vendor ? { vendor } : {}), ...(type ? { type } : {}), ...(sourceId ? { sourceId } : {}), ...(cursor ? { cursor } : {}) });
      res.json({ data: page.events.map((e) => e.envelope), next_cursor: page.nextCursor });
    } catch (err) {
      if (err instanceof InvalidCursorError) throw new AppError('invalid_cursor', 'Invalid `cursor`: pass the `next_cursor` of a previous page unchanged.', { field: 'cursor' });
      throw err;
    }
  });

  router.get('/events/:id', async (req, res) => {
    const event = await store.getEvent(req.params.id);
    if (!event) throw new AppError('event_not_found', `No event ${JSON.stringify(req.params.id.slice(0, 60))} (it may be past retention).`);
    res.json(event.envelope);
  });

  /** The request exactly as received, for debugging normalization. */
  router.get('/events/:id/raw', async (req, res) => {
    const event = await store.getEvent(req.params.id);
    if (!event) throw new AppError('event_not_found', `No event ${JSON.stringify(req.params.id.slice(0, 60))} (it may be past retention).`);
    res.json({ event_id: event.envelope.id, method: event.raw.method, content_type: event.raw.contentType, body_bytes: event.raw.body.length, body: event.raw.body.toString('utf8') });
  });

  return router;
}

function parseVendor(raw: unknown): (typeof VENDORS)[number] | undefined {
  const vendor = queryString(raw, 'vendor');
  if (vendor !== undefined && !isVendor(vendor)) throw invalidField('vendor', `one of ${VENDORS.join(', ')}`, vendor);
  return vendor;
}
