import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { AppError } from '../errors.js';

/** Requests per minute per source id (not per client IP: vendors send from shared pools). */
export function ingestRateLimiter(perMinute: number): RequestHandler {
  if (perMinute === 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => String(req.params['sourceId'] ?? req.path),
    handler: (_req, _res, next, options) => {
      next(new AppError('rate_limited', `More than ${perMinute} requests a minute for this source (SWITCHBOARD_INGEST_RATE_LIMIT); retry later.`, { headers: { 'Retry-After': String(Math.ceil(options.windowMs / 1000)) } }));
    },
  });
}
