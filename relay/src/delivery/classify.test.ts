import { classify, parseRetryAfter, type AttemptResult, type Classification } from './classify.js';

const now = new Date('2026-03-03T15:00:00.000Z');

describe('classify', () => {
  it.each<[string, Omit<AttemptResult, 'now'>, Classification]>([
    ['200 as success', { status: 200 }, { outcome: 'success', reason: 'HTTP 200' }],
    ['204 as success', { status: 204 }, { outcome: 'success', reason: 'HTTP 204' }],
    ['299 as success', { status: 299 }, { outcome: 'success', reason: 'HTTP 299' }],
    ['301 as a failure to retry (redirects are not followed)', { status: 301 }, { outcome: 'retry', reason: 'redirect (HTTP 301) not followed' }],
    ['307 as a failure to retry', { status: 307 }, { outcome: 'retry', reason: 'redirect (HTTP 307) not followed' }],
    ['410 as gone', { status: 410 }, { outcome: 'gone', reason: 'HTTP 410 Gone' }],
    ['404 as a failure to retry', { status: 404 }, { outcome: 'retry', reason: 'HTTP 404' }],
    ['400 as a failure to retry', { status: 400 }, { outcome: 'retry', reason: 'HTTP 400' }],
    ['500 as a failure to retry', { status: 500 }, { outcome: 'retry', reason: 'HTTP 500' }],
    ['429 without Retry-After as a plain retry', { status: 429 }, { outcome: 'retry', reason: 'HTTP 429' }],
    ['429 with Retry-After seconds', { status: 429, retryAfter: '120' }, { outcome: 'retry', reason: 'HTTP 429', retryAfterMs: 120_000 }],
    ['503 with an HTTP-date Retry-After', { status: 503, retryAfter: 'Tue, 03 Mar 2026 15:02:00 GMT' }, { outcome: 'retry', reason: 'HTTP 503', retryAfterMs: 120_000 }],
    ['503 with an unreadable Retry-After as a plain retry', { status: 503, retryAfter: 'soon' }, { outcome: 'retry', reason: 'HTTP 503' }],
    ['500 ignoring Retry-After (only 429 and 503 honour it)', { status: 500, retryAfter: '120' }, { outcome: 'retry', reason: 'HTTP 500' }],
    ['a timeout as a retry', { error: 'timeout' }, { outcome: 'retry', reason: 'timeout' }],
    ['a connection error as a retry', { error: 'connection' }, { outcome: 'retry', reason: 'connection' }],
    ['a DNS error as a retry', { error: 'dns' }, { outcome: 'retry', reason: 'dns' }],
    ['a TLS error as a retry', { error: 'tls' }, { outcome: 'retry', reason: 'tls' }],
    ['a target-policy refusal as permanent', { error: 'target_policy' }, { outcome: 'failed_permanent', reason: 'target refused by SWITCHBOARD_TARGET_POLICY' }],
    ['nothing at all as a connection failure', {}, { outcome: 'retry', reason: 'connection' }],
    ['a status over an error (a response arrived)', { status: 200, error: 'timeout' }, { outcome: 'success', reason: 'HTTP 200' }],
  ])('classifies %s', (_name, result, expected) => {
    expect(classify({ ...result, now })).toEqual(expected);
  });
});

describe('parseRetryAfter', () => {
  it.each<[string, string | null | undefined, number | undefined]>([
    ['delta-seconds', '30', 30_000],
    ['delta-seconds with spaces around', ' 30 ', 30_000],
    ['zero, raised to the 1 s floor', '0', 1_000],
    ['a day, clamped to 1 h', '86400', 3_600_000],
    ['an IMF-fixdate', 'Tue, 03 Mar 2026 15:00:30 GMT', 30_000],
    ['an RFC 850 date', 'Tuesday, 03-Mar-26 15:00:30 GMT', 30_000],
    ['an asctime date', 'Tue Mar  3 15:00:30 2026', 30_000],
    ['a date in the past, raised to the 1 s floor', 'Tue, 03 Mar 2026 14:00:00 GMT', 1_000],
    ['a date next week, clamped to 1 h', 'Tue, 10 Mar 2026 15:00:00 GMT', 3_600_000],
    ['negative seconds as unreadable', '-5', undefined],
    ['fractional seconds as unreadable', '1.5', undefined],
    ['an ISO date as unreadable', '2026-03-03T15:00:30Z', undefined],
    ['an impossible date as unreadable', 'Tue, 99 Foo 2026 15:00:30 GMT', undefined],
    ['an empty header as unreadable', '', undefined],
    ['null as unreadable', null, undefined],
  ])('reads %s', (_name, header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });
});
