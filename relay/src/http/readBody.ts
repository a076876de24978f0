import type { IncomingMessage } from 'node:http';

export type BodyRead =
  | { ok: true; body: Buffer }
  | { ok: false; reason: 'too_large'; head: Buffer; declaredLength: number | null }
  | { ok: false; reason: 'aborted'; head: Buffer };

/**
 * Reads at most `limit` bytes. Past the limit it stops buffering (keeping the first `headBytes`
 * for the rejection log) and resolves at once; the caller answers 413 with `Connection: close`.
 * A declared Content-Length over the limit is refused before reading anything. Never rejects.
 */
export function readBody(req: IncomingMessage, limit: number, headBytes = 4096): Promise<BodyRead> {
  const declared = req.headers['content-length'] === undefined ? null : Number(req.headers['content-length']);
  if (declared !== null && Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve({ ok: false, reason: 'too_large', head: Buffer.alloc(0), declaredLength: declared });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: BodyRead): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onError);
      resolve(result);
    };
    const head = (): Buffer => Buffer.concat(chunks).subarray(0, headBytes);
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        const kept = head();
        chunks.length = 0;
        req.resume(); // discard the rest; the response closes the connection
        finish({ ok: false, reason: 'too_large', head: kept, declaredLength: declared });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish({ ok: true, body: Buffer.concat(chunks, size) });
    const onError = (): void => finish({ ok: false, reason: 'aborted', head: head() });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onError);
  });
}
