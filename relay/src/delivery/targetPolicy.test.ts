import type { LookupAddress } from 'node:dns';
import http from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { AppError } from '../errors.js';
import {
  checkUrlHost,
  createPolicyLookup,
  isTargetPolicyError,
  parseTargetPolicy,
  validateTargetUrl,
  type BaseLookup,
  type TargetPolicy,
} from './targetPolicy.js';

/** A resolver that answers from a table, like a DNS server an attacker controls. */
function fakeResolver(answers: Record<string, string[]>): BaseLookup {
  return (hostname, _options, callback) => {
    const addresses = answers[hostname];
    if (!addresses) return callback(Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
    return callback(null, addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
  };
}

type Resolved = { error: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number };
function resolve(lookup: LookupFunction, hostname: string, all: boolean): Promise<Resolved> {
  return new Promise((done) => lookup(hostname, { all }, (error, address, family) => done({ error, address, family })));
}

const answers = {
  'hooks.example.com': ['93.184.215.14', '2606:2800:21f::1'],
  'rebind.example.com': ['93.184.215.14', '169.254.169.254'],
  'metadata.example.com': ['169.254.169.254'],
  'intranet.example.com': ['10.1.2.3'],
  'mapped.example.com': ['::ffff:127.0.0.1'],
  'compat.example.com': ['93.184.215.14', '::a9fe:a9fe'],
  'nat64.example.com': ['64:ff9b::7f00:1'],
  'gcp6.example.com': ['fd20:ce::254'],
  'azure.example.com': ['168.63.129.16'],
};

describe('createPolicyLookup', () => {
  it.each<[string, TargetPolicy, string | null]>([
    ['hooks.example.com', 'public-only', null],
    ['hooks.example.com', 'private', null],
    ['metadata.example.com', 'private', '169.254.169.254 is in the link-local range'],
    ['metadata.example.com', 'public-only', '169.254.169.254 is in the link-local range'],
    ['rebind.example.com', 'private', '169.254.169.254'],
    ['intranet.example.com', 'private', null],
    ['intranet.example.com', 'public-only', '10.1.2.3 is in the private range'],
    ['mapped.example.com', 'public-only', '::ffff:127.0.0.1 (127.0.0.1) is in the loopback range'],
    ['compat.example.com', 'private', '::a9fe:a9fe is in the link-local range'],
    ['nat64.example.com', 'private', null],
    ['nat64.example.com', 'public-only', '64:ff9b::7f00:1 is in the loopback range (127.0.0.1 embedded'],
    ['gcp6.example.com', 'private', 'fd20:ce::254 is a cloud metadata address'],
    ['azure.example.com', 'private', '168.63.129.16 is a cloud metadata address'],
    ['metadata.google.internal', 'private', 'metadata.google.internal is a cloud metadata hostname'],
    ['METADATA.GOOGLE.INTERNAL.', 'private', 'metadata.google.internal is a cloud metadata hostname'],
    ['api.localhost', 'public-only', 'api.localhost always means loopback'],
  ])('resolves %s under %s, refusing with %p', async (hostname, policy, refusal) => {
    const result = await resolve(createPolicyLookup(policy, fakeResolver(answers)), hostname, true);
    if (refusal === null) {
      expect(result.error).toBeNull();
      expect(result.address).toHaveLength(answers[hostname as keyof typeof answers].length);
    } else {
      expect(result.error).toMatchObject({ code: 'ETARGETPOLICY', hostname });
      expect(result.error?.message).toContain(`Refused to connect to ${hostname}: `);
      expect(result.error?.message).toContain(refusal);
      expect(result.error?.message).toContain(`SWITCHBOARD_TARGET_POLICY=${policy}`);
      expect(isTargetPolicyError(result.error)).toBe(true);
    }
  });

  it('answers a single address when not asked for all', async () => {
    const result = await resolve(createPolicyLookup('public-only', fakeResolver(answers)), 'hooks.example.com', false);
    expect(result).toEqual({ error: null, address: '93.184.215.14', family: 4 });
  });
  it('passes resolver errors through', async () => {
    const result = await resolve(createPolicyLookup('private', fakeResolver(answers)), 'nowhere.example.com', true);
    expect(result.error).toMatchObject({ code: 'ENOTFOUND' });
    expect(isTargetPolicyError(result.error)).toBe(false);
  });
  it('allows localhost under private and refuses it under public-only (system resolver)', async () => {
    const allowed = await resolve(createPolicyLookup('private'), 'localhost', true);
    expect(allowed.error).toBeNull();
    const refused = await resolve(createPolicyLookup('public-only'), 'localhost', true);
    expect(refused.error).toMatchObject({ code: 'ETARGETPOLICY' });
  });
});

describe('createPolicyLookup on a real connection to 127.0.0.1', () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer((_req, res) => res.end('ok'));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  function get(policy: TargetPolicy): Promise<{ status?: number; error?: NodeJS.ErrnoException }> {
    const lookup = createPolicyLookup(policy, fakeResolver({ 'subscriber.test': ['127.0.0.1'] }));
    return new Promise((done) => {
      const request = http.request({ host: 'subscriber.test', port, path: '/', lookup, agent: false }, (res) => {
        res.resume();
        res.on('end', () => done({ status: res.statusCode }));
      });
      request.on('error', (error: NodeJS.ErrnoException) => done({ error }));
      request.end();
    });
  }

  it('connects under private', async () => {
    expect(await get('private')).toEqual({ status: 200 });
  });
  it('refuses under public-only before any byte is sent', async () => {
    const result = await get('public-only');
    expect(result.status).toBeUndefined();
    expect(result.error).toMatchObject({ code: 'ETARGETPOLICY' });
    expect(result.error?.message).toMatch(/127\.0\.0\.1 is in the loopback range, refused under SWITCHBOARD_TARGET_POLICY=public-only/);
  });
});

describe('checkUrlHost', () => {
  it.each<[string, TargetPolicy, boolean]>([
    ['http://127.0.0.1:5678/webhook', 'private', true],
    ['http://127.0.0.1:5678/webhook', 'public-only', false],
    ['http://2130706433/', 'public-only', false],
    ['http://0x7f.1/', 'public-only', false],
    ['http://[::1]:8080/', 'public-only', false],
    ['http://[::ffff:169.254.169.254]/', 'private', false],
    ['http://169.254.169.254/latest/meta-data/', 'private', false],
    ['http://metadata.google.internal/computeMetadata/v1/', 'private', false],
    ['http://localhost:5678/', 'private', true],
    ['http://localhost:5678/', 'public-only', false],
    ['https://hooks.zapier.com/hooks/standard/1/abc', 'public-only', true],
    ['https://8.8.8.8/', 'public-only', true],
    // IPv4-compatible literals: URL parsing rewrites them in hex ([::a9fe:a9fe], [::7f00:1])
    ['http://[::169.254.169.254]/', 'private', false],
    ['http://[::a9fe:a9fe]/', 'public-only', false],
    ['http://[::127.0.0.1]/', 'private', true],
    ['http://[::127.0.0.1]/', 'public-only', false],
    ['http://[::10.0.0.1]/', 'public-only', false],
    ['http://[fd20:ce::254]/', 'private', false],
    ['http://[fd00:ec2::23]/', 'private', false],
    ['http://168.63.129.16/', 'private', false],
    ['http://192.0.0.192/', 'private', false],
  ])('judges %s under %s: %p', (text, policy, ok) => {
    expect(checkUrlHost(new URL(text), policy).ok).toBe(ok);
  });
});

describe('validateTargetUrl', () => {
  it.each([
    'https://hooks.zapier.com/hooks/standard/123/abc/',
    'http://127.0.0.1:5678/webhook/abc/webhook',
    `https://example.com/${'a'.repeat(2048 - 'https://example.com/'.length)}`,
  ])('accepts %s', (text) => {
    expect(validateTargetUrl(text, 'private')).toBeInstanceOf(URL);
  });

  it.each<[string, unknown, TargetPolicy | undefined, RegExp]>([
    ['nothing', undefined, undefined, /Expected `target_url` to be an absolute http:\/\/ or https:\/\/ URL, got nothing/],
    ['a number', 42, undefined, /got number 42/],
    ['a relative URL', '/webhook', undefined, /absolute http/],
    ['an ftp URL', 'ftp://example.com/x', undefined, /to use http:\/\/ or https:\/\/, got "ftp:"/],
    ['a javascript URL', 'javascript:alert(1)', undefined, /got "javascript:"/],
    ['2049 characters', `https://example.com/${'a'.repeat(2049 - 'https://example.com/'.length)}`, undefined, /at most 2048 characters, got 2049/],
    ['credentials in the URL', 'https://user:hunter2@example.com/', undefined, /no user name or password/],
    ['the metadata address', 'http://169.254.169.254/latest', 'private', /169\.254\.169\.254 is in the link-local range/],
    ['loopback under public-only', 'http://127.0.0.1/', 'public-only', /SWITCHBOARD_TARGET_POLICY allows: 127\.0\.0\.1 is in the loopback range/],
  ])('refuses %s', (_name, text, policy, message) => {
    const result = validateTargetUrl(text, policy);
    expect(result).toBeInstanceOf(AppError);
    expect(result).toMatchObject({ status: 400, field: 'target_url' });
    expect((result as AppError).message).toMatch(message);
  });

  it('never repeats a password in its message', () => {
    expect((validateTargetUrl('https://user:hunter2@example.com/') as AppError).message).not.toContain('hunter2');
  });
});

describe('parseTargetPolicy', () => {
  it.each<[string | undefined, TargetPolicy]>([
    [undefined, 'private'],
    ['', 'private'],
    ['private', 'private'],
    ['public-only', 'public-only'],
  ])('reads %p as %s', (value, expected) => {
    expect(parseTargetPolicy(value)).toBe(expected);
  });
  it('refuses an unknown value, naming the variable', () => {
    const result = parseTargetPolicy('public');
    expect(result).toMatchObject({ field: 'SWITCHBOARD_TARGET_POLICY' });
    expect((result as AppError).message).toBe('Expected `SWITCHBOARD_TARGET_POLICY` to be `private` or `public-only`, got "public".');
  });
});
