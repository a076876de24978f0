/**
 * A local HTTP server standing in for Zapier's hook endpoint: it records every request exactly
 * as received and answers with the status set for its path (200 unless told otherwise).
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface StandIn {
  url: string;
  answer: (path: string, status: number) => void;
  /** Resolves with the next request to `path` (or one already received and not yet taken). */
  next: (path: string, timeoutMs?: number) => Promise<Received>;
  close: () => Promise<void>;
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string') out[name] = value;
    else if (Array.isArray(value)) out[name] = value.join(', ');
  }
  return out;
}

export async function startStandIn(): Promise<StandIn> {
  const statuses = new Map<string, number>();
  const inbox: Received[] = [];
  const waiters: { path: string; done: (r: Received) => void }[] = [];

  const deliver = (received: Received): void => {
    const waiter = waiters.findIndex((w) => w.path === received.path);
    if (waiter >= 0) waiters.splice(waiter, 1)[0]?.done(received);
    else inbox.push(received);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const status = statuses.get(path) ?? 200;
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: status === 200 ? 'success' : 'gone' }));
      deliver({ method: req.method ?? 'POST', path, headers: flatHeaders(req.headers), body: Buffer.concat(chunks).toString('utf8') });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    answer: (path, status) => statuses.set(path, status),
    next: (path, timeoutMs = 15_000) => {
      const index = inbox.findIndex((r) => r.path === path);
      if (index >= 0) return Promise.resolve(inbox.splice(index, 1)[0] as Received);
      return new Promise((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`no request to ${path} within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ path, done: (r) => (clearTimeout(timer), done(r)) });
      });
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
