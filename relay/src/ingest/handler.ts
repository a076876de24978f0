/**
 * `/in/:sourceId/:token` and `/in/:sourceId` (token in `Authtoken` or `Authorization: Bearer`),
 * served straight from node:http, outside Express: this is the hot path, and Express's routing
 * and middleware cost more than the whole ingest (see docs/performance.md).
 *
 * Order: source → token → method → rate → content type → body size → JSON → vendor shape → store.
 * An unknown source or a missing or wrong token spends the failed-auth budgets of the client
 * address and the source (`authThrottle.ts`) before anything is written; past them the answer
 * is a 429 that is not recorded. Every other refusal from a known source is recorded for
 * `GET /sources/:id/rejections` (unauthenticated ones in their own small bucket, see
 * `store/rejectionBuckets.ts`). One log line per request with its outcome; the token never
 * appears in it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { matchesAnyHash } from '../auth/secrets.js';
import type { AppDeps } from '../deps.js';
import { AppError } from '../errors.js';
import { readBody } from '../http/readBody.js';
import { clientAddressKey } from '../http/clientAddress.js';
import { maskIngestPath } from '../log.js';
import type { SourceRecord } from '../store/types.js';
import { storageUnavailable } from '../store/unavailable.js';
import { acceptEvent, type Accepted } from './accept.js';
import { IngestAuthThrottle } from './authThrottle.js';
import { FixedWindowLimiter } from './rateLimit.js';
import { recordRejection } from './rejections.js';
import { checkContentType, extractToken, INGEST_METHODS } from './requestChecks.js';

const INGEST_PATH = /^\/in\/([^/?#]+)(?:\/([^/?#]+))?\/?(?:[?#].*)?$/;

export function isIngestRequest(url: string | undefined): boolean {
  return url !== undefined && url.startsWith('/in/');
}

export type IngestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export function createIngestHandler(deps: AppDeps): IngestHandler {
  const limits: Limits = { rate: new FixedWindowLimiter(deps.config.ingestRateLimit, 60_000), auth: new IngestAuthThrottle() };
  return (req, res) => {
    const started = process.hrtime.bigint();
    const context: RequestContext = { sourceId: null, eventId: null, errorCode: null, bodyHead: null, body: null };
    handle(deps, limits, req, res, context)
      .catch((err: unknown) => respondError(res, err, deps, context))
      .finally(() => logLine(deps, req, res, context, started));
  };
}

interface Limits {
  /** Requests a minute per source that passed the token check (SWITCHBOARD_INGEST_RATE_LIMIT). */
  rate: FixedWindowLimiter;
  auth: IngestAuthThrottle;
}

interface RequestContext {
  sourceId: string | null;
  eventId: string | null;
  errorCode: string | null;
  bodyHead: Buffer | null;
  body: Buffer | null;
}

async function handle(deps: AppDeps, limits: Limits, req: IncomingMessage, res: ServerResponse, ctx: RequestContext): Promise<void> {
  const receivedAt = deps.now();
  const address = clientAddressKey(req.socket.remoteAddress);
  const match = INGEST_PATH.exec(req.url ?? '');
  const sourceId = match?.[1] ? safeDecode(match[1]) : '';
  ctx.sourceId = sourceId || null;
  const source = sourceId ? await deps.store.getSource(sourceId) : null;
  if (!source) {
    req.resume();
    const notFound = new AppError('source_not_found', `No source ${JSON.stringify(sourceId.slice(0, 60))}. Check the ingest URL, or create the source with POST /api/v1/sources.`);
    const refusal = limits.auth.refuse(notFound, null, address, receivedAt.getTime());
    deps.metrics.ingestRefused(refusal.code);
    throw refusal;
  }
  try {
    const pathToken = match?.[2] ? safeDecode(match[2]) : undefined;
    try {
      checkToken(source, pathToken, req, receivedAt);
    } catch (err) {
      req.resume();
      throw err instanceof AppError ? limits.auth.refuse(err, source.id, address, receivedAt.getTime()) : err;
    }
    const accepted = await handleKnownSource(deps, limits.rate, source, req, res, ctx, receivedAt);
    ctx.eventId = accepted.eventId;
    const body = accepted.duplicate
      ? { event_id: accepted.eventId, duplicate: true }
      : { event_id: accepted.eventId, type: accepted.type, duplicate: false };
    sendJson(res, accepted.duplicate ? 200 : 202, body);
  } catch (err) {
    if (err instanceof AppError) deps.metrics.ingestRefused(err.code);
    if (err instanceof AppError && err.code !== 'rate_limited') {
      await recordRejection(deps, source, req, err, receivedAt, ctx.body ?? ctx.bodyHead ?? Buffer.alloc(0));
    }
    throw err;
  }
}

async function handleKnownSource(
  deps: AppDeps,
  limiter: FixedWindowLimiter,
  source: SourceRecord,
  req: IncomingMessage,
  res: ServerResponse,
  ctx: RequestContext,
  receivedAt: Date,
): Promise<Accepted> {
  const method = req.method ?? '';
  if (!(INGEST_METHODS as readonly string[]).includes(method)) {
    throw new AppError('method_not_allowed', `${method} carries no event: send the webhook with POST, PUT or PATCH.`, { headers: { Allow: INGEST_METHODS.join(', ') } });
  }
  if (!source.active) {
    throw new AppError('source_disabled', `Source ${source.id} is switched off. Turn it on with PATCH /api/v1/sources/${source.id} {"active": true}.`);
  }
  const retryAfter = limiter.take(source.id, receivedAt.getTime());
  if (retryAfter !== null) {
    req.resume();
    throw new AppError('rate_limited', `More than ${deps.config.ingestRateLimit} requests a minute for this source (SWITCHBOARD_INGEST_RATE_LIMIT); retry later.`, { headers: { 'Retry-After': String(retryAfter) } });
  }
  const typeError = checkContentType(req.headers['content-type']);
  if (typeError) throw typeError;
  const read = await readBody(req, deps.config.maxBodyBytes);
  if (!read.ok) {
    ctx.bodyHead = read.head;
    if (read.reason === 'aborted') throw new AppError('invalid_request', 'The request was aborted before its body arrived.');
    res.setHeader('Connection', 'close');
    throw new AppError('payload_too_large', `Body larger than the limit of ${deps.config.maxBodyBytes} bytes (SWITCHBOARD_MAX_BODY_BYTES).`);
  }
  ctx.body = read.body;
  return acceptEvent(deps, source, req, read.body, receivedAt);
}

function checkToken(source: SourceRecord, pathToken: string | undefined, req: IncomingMessage, now: Date): void {
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

function respondError(res: ServerResponse, err: unknown, deps: AppDeps, ctx: RequestContext): void {
  const appError = err instanceof AppError ? err : (storageUnavailable(err) ?? new AppError('internal', 'Internal error. The relay logged the details; please retry or report it.'));
  if (!(err instanceof AppError)) deps.logger.error({ err, source_id: ctx.sourceId }, 'ingest failed');
  ctx.errorCode = appError.code;
  if (res.headersSent) {
    res.end();
    return;
  }
  for (const [name, value] of Object.entries(appError.headers)) res.setHeader(name, value);
  sendJson(res, appError.status, appError.toBody());
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function logLine(deps: AppDeps, req: IncomingMessage, res: ServerResponse, ctx: RequestContext, started: bigint): void {
  const status = res.statusCode;
  const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
  if (!deps.logger.isLevelEnabled(level)) return;
  const url = maskIngestPath(req.url ?? '');
  deps.logger[level](
    {
      req: { method: req.method, url },
      res: { status },
      responseTime: Number(process.hrtime.bigint() - started) / 1e6,
      ...(ctx.sourceId ? { source_id: ctx.sourceId } : {}),
      ...(ctx.eventId ? { event_id: ctx.eventId } : {}),
      ...(ctx.errorCode ? { error_code: ctx.errorCode } : {}),
    },
    `${req.method ?? ''} ${url} ${status}`,
  );
}
