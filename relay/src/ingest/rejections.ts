import type { IncomingMessage } from 'node:http';
import type { AppDeps } from '../deps.js';
import type { AppError } from '../errors.js';
import { newId } from '../ids.js';
import { REJECTION_BODY_LIMIT, type SourceRecord } from '../store/types.js';
import { rejectionHeaders } from './requestChecks.js';

/** Keeps a refused request of a known source (bounded by the store). Never throws. */
export async function recordRejection(deps: AppDeps, source: SourceRecord, req: IncomingMessage, error: AppError, receivedAt: Date, body: Buffer): Promise<void> {
  const declared = Number(req.headers['content-length']);
  try {
    await deps.store.addRejection({
      id: newId('rej', receivedAt.getTime()),
      source_id: source.id,
      received_at: receivedAt.toISOString(),
      method: req.method ?? '',
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
