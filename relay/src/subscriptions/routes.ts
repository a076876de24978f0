/**
 * The REST-hooks API (docs/contract.md, "REST hooks and admin API"): subscribe, list, read, change,
 * unsubscribe. Parsing lives in `hookInput.ts`, state in `HookRegistry`; these handlers only
 * wire them together. Logs carry ids only: never a secret, an auth value or a target URL.
 */
import { Router } from 'express';
import type { Config } from '../config.js';
import { MAX_TARGET_URL_LENGTH } from '../delivery/targetPolicy.js';
import type { AppDeps } from '../deps.js';
import { AppError, invalidField } from '../errors.js';
import { queryString } from '../http/validate.js';
import type { ConfigStore } from '../store/types.js';
import { newHookRecord, parseHookCreate, parseHookPatch, type HookInputContext } from './hookInput.js';
import type { HookRegistry, LoadedHook } from './registry.js';
import { hookView, hookWithSecret } from './view.js';

/** What the routes use: `AppDeps & { hooks }` fits; tests pass just these. */
export type HookRouteDeps = Pick<AppDeps, 'now'> & {
  config: Pick<Config, 'targetPolicy'>;
  store: Pick<ConfigStore, 'getSource'>;
  hooks: HookRegistry;
};

const MAX_ID = 100;

function hookNotFound(id: string): AppError {
  return new AppError('not_found', `No hook ${JSON.stringify(id.slice(0, 60))}. List hooks with GET /api/v1/hooks.`);
}

function queryBoolean(raw: unknown, field: string): boolean | undefined {
  if (raw === undefined) return undefined;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw invalidField(field, '`true` or `false`', raw);
}

export function hooksRouter(deps: HookRouteDeps): Router {
  const router = Router();
  const { hooks } = deps;

  const find = (id: string): LoadedHook => {
    const hook = hooks.get(id);
    if (!hook) throw hookNotFound(id);
    return hook;
  };

  /** Looks up the one source a body names, so parsing stays synchronous and pure. */
  const inputContext = async (body: unknown): Promise<HookInputContext> => {
    const named = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['source_id'] : undefined;
    const source = typeof named === 'string' && named.length <= MAX_ID ? await deps.store.getSource(named) : null;
    return { targetPolicy: deps.config.targetPolicy, sourceExists: (id) => id === source?.id };
  };

  router.post('/hooks', async (req, res) => {
    const fields = parseHookCreate(req.body, await inputContext(req.body));
    const { hook, created } = await hooks.subscribe(newHookRecord(fields, deps.now()));
    const { record } = hook;
    res.location(`/api/v1/hooks/${record.id}`);
    if (!created) {
      // Idempotent subscribe: n8n and Zapier retry a subscribe call whose answer was lost. The
      // same target URL, event set and source is the same subscription, so the answer is that
      // hook unchanged, secret included: the subscriber must still be able to verify
      // signatures, and the call proves nothing a new subscription would not.
      req.log.info({ hook_id: record.id }, 'hook subscribe repeated; existing hook returned');
      res.status(200).json(hookWithSecret(record));
      return;
    }
    req.log.info({ hook_id: record.id, source_id: record.source_id }, 'hook created');
    res.status(201).json(hookWithSecret(record));
  });

  router.get('/hooks', (req, res) => {
    const targetUrl = queryString(req.query['target_url'], 'target_url', MAX_TARGET_URL_LENGTH);
    const active = queryBoolean(req.query['active'], 'active');
    const selected = hooks
      .all()
      .map((hook) => hook.record)
      .filter((record) => (targetUrl === undefined || record.target_url === targetUrl) && (active === undefined || record.active === active));
    res.json({ data: selected.map(hookView) });
  });

  router.get('/hooks/:id', (req, res) => {
    res.json(hookView(find(req.params.id).record));
  });

  router.patch('/hooks/:id', async (req, res) => {
    const existing = find(req.params.id).record;
    const patch = parseHookPatch(req.body, existing, await inputContext(req.body));
    if (Object.keys(patch).length === 0) {
      res.json(hookView(existing));
      return;
    }
    const updated = await hooks.update(existing.id, patch, deps.now());
    if (!updated) throw hookNotFound(existing.id);
    req.log.info({ hook_id: existing.id, fields: Object.keys(patch) }, 'hook updated');
    res.json(hookView(updated.record));
  });

  router.delete('/hooks/:id', async (req, res) => {
    if (!(await hooks.delete(req.params.id))) throw hookNotFound(req.params.id);
    req.log.info({ hook_id: req.params.id }, 'hook deleted');
    res.status(204).end();
  });

  return router;
}
