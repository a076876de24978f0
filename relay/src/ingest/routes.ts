import { Router, type Request, type Response } from 'express';
import { matchesAnyHash } from '../auth/secrets.js';
import type { AppDeps } from '../deps.js';
import { AppError } from '../errors.js';
import { readBody } from '../http/readBody.js';
import { ingestRateLimiter } from './rateLimit.js';
import { acceptEvent } from './accept.js';
import { checkContentType, extractToken, INGEST_METHODS } from './requestChecks.js';
import { recordRejection } from './rejections.js';
import type { SourceRecord } from '../store/types.js';

/**
 * `/in/:sourceId/:token` and `/in/:sourceId` (token in `Authtoken` or `Authorization: Bearer`).
 * Order: source → token → method → content type → body size → JSON → vendor shape → store.
 * Every refusal from a known source is recorded for `GET /sources/:id/rejections`.
 */
export function ingestRouter(deps: AppDeps): Router {
  const router = Router();
  router.use('/in/:sourceId', ingestRateLimiter(deps.config.ingestRateLimit));
  router.all('/in/:sourceId{/:token}', async (req: Request, res: Response) => {
    const receivedAt = deps.now();
    const sourceId = String(req.params['sourceId']);
    res.locals['sourceId'] = sourceId;
    const source = await deps.store.getSource(sourceId);
    if (!source) {
      req.resume();
      throw new AppError('source_not_found', `No source ${JSON.stringify(sourceId.slice(0, 60))}. Check the ingest URL, or create the source with POST /api/v1/sources.`);
    }
    try {
      const result = await handleKnownSource(deps, source, req, res, receivedAt);
      res.locals['eventId'] = result.eventId;
      res.status(result.duplicate ? 200 : 202).json(result.duplicate
        ? { event_id: result.eventId, duplicate: true }
        : { event_id: result.eventId, type: result.type, duplicate: false });
    } catch (err) {
      if (err instanceof AppError) {
        deps.metrics.ingestRefused(err.code);
        await recordRejection(deps, source, req, err, receivedAt);
      }
      throw err;
    }
  });
  return router;
}

interface Accepted {
  eventId: string;
  type?: string;
  duplicate: boolean;
}

async function handleKnownSource(deps: AppDeps, source: SourceRecord, req: Request, res: Response, receivedAt: Date): Promise<Accepted> {
  checkToken(source, typeof req.params['token'] === 'string' ? req.params['token'] : undefined, req, receivedAt);
  if (!(INGEST_METHODS as readonly string[]).includes(req.method)) {
    throw new AppError('method_not_allowed', `${req.method} carries no event: send the webhook with POST, PUT or PATCH.`, { headers: { Allow: INGEST_METHODS.join(', ') } });
  }
  if (!source.active) {
    throw new AppError('source_disabled', `Source ${source.id} is switched off. Turn it on with PATCH /api/v1/sources/${source.id} {"active": true}.`);
  }
  const typeError = checkContentType(req.headers['content-type']);
  if (typeError) throw typeError;
  const read = await readBody(req, deps.config.maxBodyBytes);
  if (!read.ok) {
    res.locals['bodyHead'] = read.head;
    if (read.reason === 'aborted') throw new AppError('invalid_request', 'The request was aborted before its body arrived.');
    res.setHeader('Connection', 'close');
    throw new AppError('payload_too_large', `Body larger than the limit of ${deps.config.maxBodyBytes} bytes (SWITCHBOARD_MAX_BODY_BYTES).`);
  }
  res.locals['body'] = read.body;
  return acceptEvent(deps, source, req, read.body, receivedAt);
}

function checkToken(source: SourceRecord, pathToken: string | undefined, req: Request, now: Date): void {
  const found = extractToken(pathToken, req.headers);
  if (!found) {
    throw new AppError('missing_token', 'Missing source token: use the full ingest URL, or send `Authtoken: <token>` or `Authorization: Bearer <token>`.');
  }
  const hashes = [source.token_hash];
  if (source.previous_token_hash && source.previous_token_expires_at && Date.parse(source.previous_token_expires_at) > now.getTime()) {
    hashes.push(source.previous_token_hash);
  }
  if (matchesAnyHash(found.token, hashes) < 0) {
    const where = found.via === 'path' ? 'in the URL' : found.via === 'authtoken_header' ? 'in the Authtoken header' : 'in the Authorization header';
    throw new AppError('invalid_token', `Wrong token ${where} for source ${source.id}. Copy the current ingest URL or token (rotate it with POST /api/v1/sources/${source.id}/rotate-token if lost).`);
  }
}
