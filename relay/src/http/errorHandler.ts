import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from '../errors.js';
import { storageUnavailable } from '../store/unavailable.js';

/** The one renderer: AppErrors become their coded body; anything else a 500 that leaks nothing. */
export function errorHandler(): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const appError = toAppError(err);
    res.locals['errorCode'] = appError.code;
    if (appError.code === 'internal' || appError.code === 'storage_unavailable') {
      req.log?.error({ err }, 'unhandled error');
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    for (const [name, value] of Object.entries(appError.headers)) res.setHeader(name, value);
    res.status(appError.status).json(appError.toBody());
  };
}

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const unavailable = storageUnavailable(err);
  if (unavailable) return unavailable;
  // body-parser style errors carry `type`; express.json is used on /api/v1.
  if (typeof err === 'object' && err !== null && 'type' in err) {
    const type = (err as { type: unknown }).type;
    if (type === 'entity.too.large') return new AppError('payload_too_large', 'Request body is larger than the limit.');
    if (type === 'entity.parse.failed') return new AppError('invalid_json', 'Request body is not valid JSON.');
    if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
      return new AppError('unsupported_media_type', 'Request body must be UTF-8 JSON.');
    }
  }
  return new AppError('internal', 'Internal error. The relay logged the details; please retry or report it.');
}

export function notFoundHandler(): RequestHandler {
  return (req, _res, next) => {
    next(new AppError('route_not_found', `No route for ${req.method} ${req.path}. See the API reference in the README.`));
  };
}
