import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import type { HookAuth, HttpMethod } from '../store/types.js';
import { authHeaders } from './authHeaders.js';
import { DEFAULT_USER_AGENT, Sender, type SendRequest, type SendResult } from './sender.js';
import { startServer, type Handler, type TestServer } from './senderTesting.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

let sender: Sender;
const servers: TestServer[] = [];

async function serve(handler: Handler): Promise<TestServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

function request(url: string, extra: Partial<SendRequest> = {}): SendRequest {
  return { hookId: 'hook_1', method: 'POST', url, headers: {}, body: '{"id":"evt_1"}', timeoutMs: 5000, ...extra };
}

function expectOk(result: SendResult): Extract<SendResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected a response, got ${result.error}: ${result.message}`);
  return result;
}

beforeEach(() => {
  sender = new Sender({ policy: 'private' });
});

afterEach(async () => {
  sender.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('Sender responses', () => {
  it('returns the status, the kept headers in lower case and the body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(201, { 'Content-Type': 'application/json', 'Content-Length': '17', 'X-Request-Id': 'req-9', 'Set-Cookie': 'session=secret', 'X-Other': '1' });
      res.end('{"received":true}');
    });
    const result = expectOk(await sender.send(request(`${server.url}/hook`)));
    expect(result.status).toBe(201);
    expect(result.body).toBe('{"received":true}');
    expect(result.headers).toEqual({ 'content-type': 'application/json', 'content-length': '17', 'x-request-id': 'req-9', date: expect.any(String) as unknown });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it.each([400, 404, 410, 429, 500, 503])('returns HTTP %i as a result, not an error', async (status) => {
    const server = await serve((_req, res) => {
      res.writeHead(status, { 'Retry-After': '30' });
      res.end('nope');
    });
    const result = expectOk(await sender.send(request(server.url)));
    expect(result).toMatchObject({ status, body: 'nope', headers: { 'retry-after': '30' } });
  });

  it('does not follow a redirect: 302 is the result and the Location is never requested', async () => {
    const elsewhere = await serve((_req, res) => res.end('followed'));
    const server = await serve((_req, res) => {
      res.writeHead(302, { Location: `${elsewhere.url}/next` });
      res.end();
    });
    const result = expectOk(await sender.send(request(server.url)));
    expect(result.status).toBe(302);
    expect(result.headers.location).toBe(`${elsewhere.url}/next`);
    expect(elsewhere.received).toHaveLength(0);
  });

  it('cuts a 1 MB body to exactly 5000 characters', async () => {
    const server = await serve((_req, res) => res.end('x'.repeat(1024 * 1024)));
    const result = expectOk(await sender.send(request(server.url)));
    expect(result.body).toBe('x'.repeat(5000));
  });

  it('stops reading an endless body and closes the connection', async () => {
    let closed!: () => void;
    const serverSawClose = new Promise<void>((resolve) => (closed = resolve));
    const server = await serve((_req, res) => {
      const timer = setInterval(() => res.write('y'.repeat(1024)), 5);
      res.on('close', () => {
        clearInterval(timer);
        closed();
      });
    });
    const result = expectOk(await sender.send(request(server.url)));
    expect(result.body).toBe('y'.repeat(5000));
    await serverSawClose;
  });

  it.each([
    ['2-byte', 'é'],
    ['3-byte', '€'],
    ['4-byte (a surrogate pair in JavaScript)', '😀'],
  ])('counts a %s UTF-8 body in characters, even when chunks split a character', async (_name, char) => {
    const bytes = Buffer.from(char.repeat(6000), 'utf8');
    const server = await serve((_req, res) => {
      res.write(bytes.subarray(0, 7));
      res.end(bytes.subarray(7));
    });
    const result = expectOk(await sender.send(request(server.url)));
    expect(Array.from(result.body)).toHaveLength(5000);
    expect(result.body).toBe(char.repeat(5000));
  });

  it('decompresses a gzip-encoded body before taking the excerpt', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Type': 'text/plain' });
      res.end(gzipSync('ok '.repeat(4000)));
    });
    expect(expectOk(await sender.send(request(server.url))).body).toBe('ok '.repeat(4000).slice(0, 5000));
  });

  it('decodes invalid UTF-8 with replacement characters', async () => {
    const server = await serve((_req, res) => res.end(Buffer.from([0x6f, 0x6b, 0xff, 0x21])));
    expect(expectOk(await sender.send(request(server.url))).body).toBe('ok\uFFFD!');
  });
});

describe('Sender requests', () => {
  it.each<[HttpMethod, HookAuth, string, string]>([
    ['POST', { type: 'none' }, 'authorization', ''],
    ['PUT', { type: 'bearer', token: 'tok_1' }, 'authorization', 'Bearer tok_1'],
    ['PATCH', { type: 'basic', username: 'zap', password: 'p:w' }, 'authorization', `Basic ${Buffer.from('zap:p:w').toString('base64')}`],
    ['POST', { type: 'header', name: 'X-Api-Key', value: 'k-1' }, 'x-api-key', 'k-1'],
  ])('sends %s with %j as the server expects', async (method, auth, name, value) => {
    const server = await serve((_req, res) => res.end());
    const body = '{"id":"evt_1","type":"clarky.booking.confirmed"}';
    const headers = { ...authHeaders(auth), 'webhook-id': 'evt_1' };
    expectOk(await sender.send(request(`${server.url}/in?x=1`, { method, headers, body })));
    const [seen] = server.received;
    expect(seen).toMatchObject({ method, path: '/in?x=1' });
    expect(seen?.body.toString('utf8')).toBe(body);
    expect(seen?.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': `Switchboard/${version}`,
      'content-length': String(Buffer.byteLength(body)),
      'webhook-id': 'evt_1',
    });
    expect(seen?.headers[name] ?? '').toBe(value);
  });

  it('sends the body as the exact bytes given, never trimmed or re-quoted', async () => {
    const server = await serve((_req, res) => res.end());
    for (const body of ['  {"a": 1}\n', 'not json at all', '"quoted"', '{"name":"Zoë 😀"}']) {
      expectOk(await sender.send(request(server.url, { body })));
      expect(server.received.at(-1)?.body.equals(Buffer.from(body, 'utf8'))).toBe(true);
    }
  });

  it("keeps the caller's content type, in any case, and sends it once", async () => {
    const server = await serve((_req, res) => res.end());
    expectOk(await sender.send(request(server.url, { headers: { 'content-type': 'application/vnd.switchboard+json' } })));
    const raw = server.received[0]?.rawHeaders ?? [];
    expect(raw.filter((entry) => entry.toLowerCase() === 'content-type')).toHaveLength(1);
    expect(server.received[0]?.headers['content-type']).toBe('application/vnd.switchboard+json');
  });

  it('uses the configured user agent, Switchboard/<version> by default', async () => {
    expect(DEFAULT_USER_AGENT).toBe(`Switchboard/${version}`);
    const server = await serve((_req, res) => res.end());
    const custom = new Sender({ policy: 'private', userAgent: 'Switchboard/9.9.9 (test)' });
    expectOk(await custom.send(request(server.url)));
    custom.close();
    expect(server.received[0]?.headers['user-agent']).toBe('Switchboard/9.9.9 (test)');
  });

  it('ignores framing headers a caller sets, so the body length is always right', async () => {
    const server = await serve((_req, res) => res.end());
    expectOk(await sender.send(request(server.url, { body: 'abc', headers: { 'Content-Length': '999', Connection: 'close' } })));
    expect(server.received[0]?.headers['content-length']).toBe('3');
    expect(server.received[0]?.body.toString()).toBe('abc');
  });
});
