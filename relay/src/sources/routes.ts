import { Router } from 'express';
import { hashSecret, hint } from '../auth/secrets.js';
import type { AppDeps } from '../deps.js';
import { AppError, invalidField, missingField } from '../errors.js';
import { optionalBoolean, optionalInt, optionalNullableString, optionalString, queryLimit, queryString, rejectUnknownFields, requireBody } from '../http/validate.js';
import { newId, newSecretToken } from '../ids.js';
import { UNAUTHENTICATED_REJECTIONS_KEPT } from '../store/rejectionBuckets.js';
import type { SourcePatch, SourceRecord } from '../store/types.js';
import { isVendor, VENDORS } from '../vendors/types.js';
import { sourceView, sourceWithSecret } from './view.js';

const MAX_GRACE_SECONDS = 7 * 24 * 3600;

export function sourcesRouter(deps: AppDeps): Router {
  const router = Router();
  const { config, store } = deps;

  const load = async (id: string): Promise<SourceRecord> => {
    const source = await store.getSource(id);
    if (!source) throw new AppError('source_not_found', `No source ${JSON.stringify(id.slice(0, 60))}.`);
    return source;
  };

  router.post('/sources', async (req, res) => {
    const body = requireBody(req.body);
    rejectUnknownFields(body, ['vendor', 'name', 'description', 'active']);
    if (body['vendor'] === undefined) throw missingField('vendor', `one of ${VENDORS.join(', ')}`);
    if (!isVendor(body['vendor'])) throw invalidField('vendor', `one of ${VENDORS.join(', ')}`, body['vendor']);
    const name = optionalString(body, 'name', { min: 1, max: 200 });
    if (name === undefined) throw missingField('name', 'a label for this connection, e.g. "Front desk"');
    const now = deps.now();
    const token = newSecretToken();
    const record: SourceRecord = {
      id: newId('src', now.getTime()),
      vendor: body['vendor'],
      name,
      description: optionalNullableString(body, 'description', 2000) ?? null,
      active: optionalBoolean(body, 'active') ?? true,
      token_hash: hashSecret(token),
      token_hint: hint(token),
      previous_token_hash: null,
      previous_token_expires_at: null,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    };
    await store.createSource(record);
    req.log.info({ source_id: record.id, vendor: record.vendor }, 'source created');
    res.status(201).location(`/api/v1/sources/${record.id}`).json(sourceWithSecret(config, record, token));
  });

  router.get('/sources', async (req, res) => {
    const vendor = queryString(req.query['vendor'], 'vendor');
    if (vendor !== undefined && !isVendor(vendor)) throw invalidField('vendor', `one of ${VENDORS.join(', ')}`, vendor);
    const sources = (await store.listSources()).filter((s) => vendor === undefined || s.vendor === vendor);
    res.json({ data: sources.map((s) => sourceView(config, s)) });
  });

  router.get('/sources/:id', async (req, res) => {
    res.json(sourceView(config, await load(req.params.id)));
  });

  router.patch('/sources/:id', async (req, res) => {
    const body = requireBody(req.body);
    if ('vendor' in body) throw new AppError('invalid_field', 'A source\'s `vendor` cannot change; create a new source instead.', { field: 'vendor' });
    rejectUnknownFields(body, ['name', 'description', 'active']);
    const patch: SourcePatch = {};
    const name = optionalString(body, 'name', { min: 1, max: 200 });
    if (name !== undefined) patch.name = name;
    const description = optionalNullableString(body, 'description', 2000);
    if (description !== undefined) patch.description = description;
    const active = optionalBoolean(body, 'active');
    if (active !== undefined) patch.active = active;
    const updated = await store.updateSource(req.params.id, patch, deps.now());
    if (!updated) throw new AppError('source_not_found', `No source ${JSON.stringify(req.params.id.slice(0, 60))}.`);
    res.json(sourceView(config, updated));
  });

  router.delete('/sources/:id', async (req, res) => {
    const deleted = await store.deleteSource(req.params.id);
    if (!deleted) throw new AppError('source_not_found', `No source ${JSON.stringify(req.params.id.slice(0, 60))}.`);
    await store.deleteRejections(req.params.id);
    req.log.info({ source_id: req.params.id }, 'source deleted');
    res.status(204).end();
  });

  router.post('/sources/:id/rotate-token', async (req, res) => {
    const body = req.body === undefined ? {} : requireBody(req.body);
    rejectUnknownFields(body, ['grace_period_seconds']);
    const grace = optionalInt(body, 'grace_period_seconds', 0, MAX_GRACE_SECONDS) ?? 0;
    const source = await load(req.params.id);
    const now = deps.now();
    const token = newSecretToken();
    const patch: SourcePatch = {
      token_hash: hashSecret(token),
      token_hint: hint(token),
      previous_token_hash: grace > 0 ? source.token_hash : null,
      previous_token_expires_at: grace > 0 ? new Date(now.getTime() + grace * 1000).toISOString() : null,
    };
    const updated = await store.updateSource(source.id, patch, now);
    if (!updated) throw new AppError('source_not_found', `No source ${JSON.stringify(source.id)}.`);
    req.log.info({ source_id: source.id, grace_period_seconds: grace }, 'source token rotated');
    res.json(sourceWithSecret(config, updated, token));
  });

  router.get('/sources/:id/rejections', async (req, res) => {
    const source = await load(req.params.id);
    const limit = queryLimit(req.query['limit'], 50, config.rejectionsPerSource + UNAUTHENTICATED_REJECTIONS_KEPT);
    res.json({ data: await store.listRejections(source.id, limit) });
  });

  return router;
}
