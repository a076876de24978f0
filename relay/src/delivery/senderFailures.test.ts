import { Sender, type SendRequest, type SendResult } from './sender.js';
import { closedPort, startServer, type Handler, type TestServer } from './senderTesting.js';
import type { BaseLookup, TargetPolicy } from './targetPolicy.js';

const senders: Sender[] = [];
const servers: TestServer[] = [];

function makeSender(policy: TargetPolicy, resolver?: BaseLookup): Sender {
  const sender = new Sender({ policy, ...(resolver ? { resolver } : {}) });
  senders.push(sender);
  return sender;
}

async function serve(handler: Handler): Promise<TestServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

/** A resolver answering from a table, like a DNS server someone else controls. */
function resolver(answers: Record<string, string>): BaseLookup {
  return (hostname, _options, callback) => {
    const address = answers[hostname];
    if (address === undefined) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
    return callback(null, [{ address, family: address.includes(':') ? 6 : 4 }]);
  };
}

function request(url: string, extra: Partial<SendRequest> = {}): SendRequest {
  return { hookId: 'hook_1', method: 'POST', url, headers: {}, body: '{}', timeoutMs: 300, ...extra };
}

function expectFailure(result: SendResult): Extract<SendResult, { ok: false }> {
  if (result.ok) throw new Error(`expected a failure, got HTTP ${result.status}`);
  return result;
}

afterEach(async () => {
  senders.splice(0).forEach((sender) => sender.close());
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('Sender failures', () => {
  it('times out on a subscriber that accepts the connection and never answers', async () => {
    const server = await serve(() => undefined);
    const result = expectFailure(await makeSender('private').send(request(`${server.url}/slow?token=secret`)));
    expect(result).toMatchObject({ error: 'timeout', message: `no answer from 127.0.0.1:${server.port} within 300 ms` });
    expect(result.durationMs).toBeGreaterThanOrEqual(250);
    expect(result.message).not.toContain('secret');
  });

  it('keeps the status of a subscriber that answers but never finishes the body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200);
      res.write('partial');
    });
    const result = await makeSender('private').send(request(server.url));
    expect(result).toMatchObject({ ok: true, status: 200, body: 'partial' });
  });

  it('reports a closed port as a refused connection', async () => {
    const port = await closedPort();
    const result = expectFailure(await makeSender('private').send(request(`http://127.0.0.1:${port}/`)));
    expect(result).toMatchObject({ error: 'connection', message: `connection refused by 127.0.0.1:${port}` });
  });

  it('reports a server that drops the connection without answering', async () => {
    const server = await serve((req) => req.socket.destroy());
    const result = expectFailure(await makeSender('private').send(request(server.url)));
    expect(result).toMatchObject({ error: 'connection', message: `127.0.0.1:${server.port} closed the connection without answering` });
  });

  it('reports a name that does not resolve as a DNS error', async () => {
    const result = expectFailure(await makeSender('private', resolver({})).send(request('http://nowhere.test/hook')));
    expect(result).toMatchObject({ error: 'dns', message: 'could not resolve nowhere.test (ENOTFOUND)' });
  });

  it('reports https to a plain-http server as a TLS error', async () => {
    const server = await serve((_req, res) => res.end());
    const result = expectFailure(await makeSender('private').send(request(`https://127.0.0.1:${server.port}/`, { timeoutMs: 5000 })));
    expect(result.error).toBe('tls');
    expect(result.message).toMatch(new RegExp(`^TLS with 127\\.0\\.0\\.1:${server.port} failed: `));
  });

  it('refuses a URL that is not http(s) without sending anything', async () => {
    const result = expectFailure(await makeSender('private').send(request('data:application/json,{}')));
    expect(result).toMatchObject({ error: 'target_policy', message: 'target refused: not an absolute http:// or https:// URL' });
  });

  it('fails every send after close', async () => {
    const sender = makeSender('private');
    sender.close();
    expect(expectFailure(await sender.send(request('http://127.0.0.1:9/')))).toMatchObject({ error: 'connection', message: 'the sender is closed' });
  });

  it('refuses a per-hook concurrency below 1', () => {
    expect(() => new Sender({ policy: 'private', perHookConcurrency: 0 })).toThrow('Expected `perHookConcurrency` to be an integer >= 1, got 0.');
  });
});

describe('Sender target policy', () => {
  it.each<[string, (port: number) => string, string]>([
    ['a loopback IP literal (checked before connecting)', (port) => `http://127.0.0.1:${port}/`, '127.0.0.1 is in the loopback range'],
    ['an IPv4-mapped loopback literal', (port) => `http://[::ffff:127.0.0.1]:${port}/`, 'is in the loopback range'],
    ['localhost (refused by name)', (port) => `http://localhost:${port}/`, 'localhost always means loopback'],
    ['a name resolving to loopback (refused at connect time)', (port) => `http://hooks.test:${port}/`, '127.0.0.1 is in the loopback range'],
  ])('public-only refuses %s', async (_name, url, reason) => {
    const server = await serve((_req, res) => res.end());
    const sender = makeSender('public-only', resolver({ 'hooks.test': '127.0.0.1' }));
    const result = expectFailure(await sender.send(request(url(server.port))));
    expect(result.error).toBe('target_policy');
    expect(result.message).toMatch(/^target refused by SWITCHBOARD_TARGET_POLICY=public-only: /);
    expect(result.message).toContain(reason);
    expect(server.connections()).toBe(0);
  });

  it.each([
    ['a loopback IP literal', '127.0.0.1'],
    ['a name resolving to loopback', 'hooks.test'],
  ])('private allows %s', async (_name, host) => {
    const server = await serve((_req, res) => res.end('ok'));
    const sender = makeSender('private', resolver({ 'hooks.test': '127.0.0.1' }));
    const result = await sender.send(request(`http://${host}:${server.port}/`));
    expect(result).toMatchObject({ ok: true, status: 200, body: 'ok' });
  });

  it.each([
    ['the metadata address literal', 'http://169.254.169.254/latest/meta-data/'],
    ['a name rebound to the metadata address (refused at connect time)', 'http://rebind.test/'],
  ])('private still refuses %s', async (_name, url) => {
    const sender = makeSender('private', resolver({ 'rebind.test': '169.254.169.254' }));
    expect(expectFailure(await sender.send(request(url)))).toMatchObject({
      error: 'target_policy',
      message: 'target refused by SWITCHBOARD_TARGET_POLICY=private: 169.254.169.254 is in the link-local range, where cloud metadata services live',
    });
  });
});
