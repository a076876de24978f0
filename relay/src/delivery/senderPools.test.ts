import type { ServerResponse } from 'node:http';
import { Sender, type SendRequest } from './sender.js';
import { sleep, startServer, type TestServer } from './senderTesting.js';

const senders: Sender[] = [];
let server: TestServer;
/** Responses held open by `/hang`, answered by `release()`. */
let held: ServerResponse[] = [];

function makeSender(perHookConcurrency?: number): Sender {
  const sender = new Sender({ policy: 'private', ...(perHookConcurrency ? { perHookConcurrency } : {}) });
  senders.push(sender);
  return sender;
}

function request(hookId: string, path: string, timeoutMs = 5000): SendRequest {
  return { hookId, method: 'POST', url: `${server.url}${path}`, headers: {}, body: '{}', timeoutMs };
}

function release(): void {
  held.splice(0).forEach((res) => res.end('late'));
}

beforeEach(async () => {
  held = [];
  server = await startServer((req, res) => {
    if (req.url === '/hang') held.push(res);
    else res.end('ok');
  });
});

afterEach(async () => {
  release();
  senders.splice(0).forEach((sender) => sender.close());
  await server.close();
});

describe('Sender socket pools', () => {
  it('reuses one keep-alive connection for consecutive sends of a hook', async () => {
    const sender = makeSender();
    expect(await sender.send(request('hook_a', '/'))).toMatchObject({ ok: true, status: 200 });
    expect(await sender.send(request('hook_a', '/'))).toMatchObject({ ok: true, status: 200 });
    expect(server.connections()).toBe(1);
  });

  it('gives two hooks on the same host:port separate connections', async () => {
    const sender = makeSender();
    await sender.send(request('hook_a', '/'));
    await sender.send(request('hook_b', '/'));
    expect(server.connections()).toBe(2);
  });

  it('lets hook B through promptly while hook A hangs on its only socket', async () => {
    const sender = makeSender(1);
    const hanging = sender.send(request('hook_a', '/hang'));
    const queued = sender.send(request('hook_a', '/'));
    await server.requests(1);
    const started = Date.now();
    expect(await sender.send(request('hook_b', '/'))).toMatchObject({ ok: true, status: 200, body: 'ok' });
    expect(Date.now() - started).toBeLessThan(1000);
    release();
    expect(await hanging).toMatchObject({ ok: true, body: 'late' });
    expect(await queued).toMatchObject({ ok: true, body: 'ok' });
  });

  it('opens at most perHookConcurrency connections for one hook', async () => {
    const sender = makeSender(2);
    const sends = [1, 2, 3].map(() => sender.send(request('hook_a', '/hang')));
    await server.requests(2);
    await sleep(100);
    expect(server.received).toHaveLength(2);
    release();
    await server.requests(3);
    release();
    expect(await Promise.all(sends)).toMatchObject([{ ok: true }, { ok: true }, { ok: true }]);
    expect(server.connections()).toBe(2);
  });

  it('closeHook ends the hook’s in-flight sends and leaves other hooks alone', async () => {
    const sender = makeSender();
    const hanging = sender.send(request('hook_a', '/hang'));
    await server.requests(1);
    sender.closeHook('hook_a');
    expect(await hanging).toMatchObject({ ok: false, error: 'connection' });
    expect(await sender.send(request('hook_b', '/'))).toMatchObject({ ok: true, status: 200 });
    expect(await sender.send(request('hook_a', '/'))).toMatchObject({ ok: true, status: 200 });
    expect(server.connections()).toBe(3);
  });

  it('close ends every in-flight send without rejecting', async () => {
    const sender = makeSender();
    const sends = ['hook_a', 'hook_b'].map((hookId) => sender.send(request(hookId, '/hang')));
    await server.requests(2);
    sender.close();
    expect(await Promise.all(sends)).toMatchObject([
      { ok: false, error: 'connection' },
      { ok: false, error: 'connection' },
    ]);
  });
});
