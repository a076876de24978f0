import { describeFailure, policyRefusal, type Failure, type FailureContext } from './transportErrors.js';

const context: FailureContext = { hostname: 'hooks.example.com', target: 'hooks.example.com:443', timeoutMs: 15000, policy: 'public-only', timedOut: false };

function nodeError(code: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { code, ...extra });
}

/** What axios rejects with: its own error carrying Node's code, the original as `cause`. */
function axiosLike(cause: Error, code = (cause as { code?: string }).code): Error {
  return Object.assign(new Error(cause.message), { name: 'AxiosError', code, cause });
}

describe('describeFailure', () => {
  it.each<[string, unknown, Partial<FailureContext>, Failure]>([
    ['a refused connection, naming the address', axiosLike(nodeError('ECONNREFUSED', 'connect ECONNREFUSED 10.1.2.3:8443', { address: '10.1.2.3', port: 8443 })), {}, { error: 'connection', message: 'connection refused by 10.1.2.3:8443' }],
    ['a refused IPv6 connection, bracketed', nodeError('ECONNREFUSED', 'connect ECONNREFUSED ::1:80', { address: '::1', port: 80 }), {}, { error: 'connection', message: 'connection refused by [::1]:80' }],
    ['every address refusing (happy eyeballs)', axiosLike(Object.assign(new AggregateError([nodeError('ECONNREFUSED', 'x', { address: '::1', port: 80 }), nodeError('ECONNREFUSED', 'y', { address: '127.0.0.1', port: 80 })]), { code: 'ECONNREFUSED' })), {}, { error: 'connection', message: 'connection refused by [::1]:80' }],
    ['a reset connection', axiosLike(nodeError('ECONNRESET', 'read ECONNRESET')), {}, { error: 'connection', message: 'connection reset by hooks.example.com:443' }],
    ['socket hang up', axiosLike(nodeError('ECONNRESET', 'socket hang up')), {}, { error: 'connection', message: 'hooks.example.com:443 closed the connection without answering' }],
    ['a broken pipe', nodeError('EPIPE', 'write EPIPE'), {}, { error: 'connection', message: 'connection to hooks.example.com:443 broke while sending (EPIPE)' }],
    ['an unreachable host', nodeError('EHOSTUNREACH', 'connect EHOSTUNREACH'), {}, { error: 'connection', message: 'hooks.example.com:443 is unreachable (EHOSTUNREACH)' }],
    ['a missing DNS record', axiosLike(nodeError('ENOTFOUND', 'getaddrinfo ENOTFOUND hooks.example.com')), {}, { error: 'dns', message: 'could not resolve hooks.example.com (ENOTFOUND)' }],
    ['a temporary DNS failure', nodeError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN'), {}, { error: 'dns', message: 'could not resolve hooks.example.com (EAI_AGAIN)' }],
    ['a self-signed certificate', axiosLike(nodeError('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate')), {}, { error: 'tls', message: 'TLS with hooks.example.com:443 failed: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)' }],
    ['an expired certificate', nodeError('CERT_HAS_EXPIRED', 'certificate has expired'), {}, { error: 'tls', message: 'TLS with hooks.example.com:443 failed: certificate has expired (CERT_HAS_EXPIRED)' }],
    ['a name mismatch', nodeError('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"), {}, { error: 'tls', message: "TLS with hooks.example.com:443 failed: Hostname/IP does not match certificate's altnames (ERR_TLS_CERT_ALTNAME_INVALID)" }],
    ['axios’s own timeout', axiosLike(nodeError('ECONNABORTED', 'timeout of 15000ms exceeded')), {}, { error: 'timeout', message: 'no answer from hooks.example.com:443 within 15000 ms' }],
    ['a connect timeout', nodeError('ETIMEDOUT', 'connect ETIMEDOUT'), {}, { error: 'timeout', message: 'no answer from hooks.example.com:443 within 15000 ms' }],
    ['the sender’s deadline, whatever was thrown', axiosLike(nodeError('ERR_CANCELED', 'canceled')), { timedOut: true, timeoutMs: 300 }, { error: 'timeout', message: 'no answer from hooks.example.com:443 within 300 ms' }],
    ['a policy refusal from the lookup', axiosLike(nodeError('ETARGETPOLICY', 'Refused to connect to hooks.example.com: 10.0.0.5 is in the private range, refused under SWITCHBOARD_TARGET_POLICY=public-only.')), {}, { error: 'target_policy', message: 'target refused by SWITCHBOARD_TARGET_POLICY=public-only: 10.0.0.5 is in the private range' }],
    ['a policy refusal even after the deadline', nodeError('ETARGETPOLICY', 'Refused to connect to x: 10.0.0.5 is in the private range.'), { timedOut: true }, { error: 'target_policy', message: 'target refused by SWITCHBOARD_TARGET_POLICY=public-only: 10.0.0.5 is in the private range' }],
    ['an unknown coded error as a connection failure', nodeError('ERR_INVALID_CHAR', 'Invalid character in header content ["x-api-key"]'), {}, { error: 'connection', message: 'request to hooks.example.com:443 failed (ERR_INVALID_CHAR)' }],
    ['a thrown string as a connection failure', 'boom', {}, { error: 'connection', message: 'request to hooks.example.com:443 failed (no error code)' }],
    ['null as a connection failure', null, {}, { error: 'connection', message: 'request to hooks.example.com:443 failed (no error code)' }],
  ])('describes %s', (_name, error, overrides, expected) => {
    expect(describeFailure(error, { ...context, ...overrides })).toEqual(expected);
  });

  it('shortens a long TLS message', () => {
    const failure = describeFailure(nodeError('EPROTO', `write EPROTO ${'x'.repeat(500)}`), context);
    expect(failure.error).toBe('tls');
    expect(failure.message.length).toBeLessThan(300);
  });

  it('survives a cause cycle', () => {
    const error = nodeError('ECONNRESET', 'read ECONNRESET');
    Object.assign(error, { cause: error });
    expect(describeFailure(error, context).error).toBe('connection');
  });
});

describe('policyRefusal', () => {
  it('words a pre-connect refusal like a lookup refusal', () => {
    expect(policyRefusal('127.0.0.1 is in the loopback range, refused under SWITCHBOARD_TARGET_POLICY=public-only', 'public-only')).toBe(
      'target refused by SWITCHBOARD_TARGET_POLICY=public-only: 127.0.0.1 is in the loopback range',
    );
  });
});
