import type { Request, Response } from 'express';
import type { AppDeps } from '../deps.js';
import type { AppError } from '../errors.js';
import { newId } from '../ids.js';
import { REJECTION_BODY_LIMIT, type SourceRecord } from '../store/types.js';
import { rejectionHeaders } from './requestChecks.js';

/** Keeps a refused request of a known source (bounded by the store). Never throws. */
export async function recordRejection(deps: AppDeps, source: SourceRecord, req: Request, error: AppError, receivedAt: Date): Promise<void> {
  const res = req.res as Response | undefined;
  const body = (res?.locals['body'] ?? res?.locals['bodyHead'] ?? Buffer.alloc(0)) as Buffer;
  const declared = Number(req.headers['content-length']);
  try {
    await deps.store.addRejection({
      id: newId('rej', receivedAt.getTime()),
      source_id: source.id,
      received_at: receivedAt.toISOString(),
      method: req.method,
      status: error.status,
      code: error.code,
      reason: error.message,
      content_type: req.headers['content-type'] ?? null,
      body_excerpt: body.subarray(0, REJECTION_BODY_LIMIT).toString('utf8'),
      body_bytes: Number.isFinite(declared) ? declared : body.length,
      headers: rejectionHeaders(req.headers),
    });
  } catch (err) {
    deps.logger.error({ err, source_id: source.id }, 'could not record a rejection');
  }
}
