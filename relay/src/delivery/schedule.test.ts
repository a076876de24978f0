import { AppError } from '../errors.js';
import {
  DEFAULT_RETRY_POLICY,
  maxAttempts,
  nextAttemptAt,
  validateRetrySettings,
  type RetryPolicy,
  type RetrySettingsInput,
} from './schedule.js';

const now = new Date('2026-03-03T15:00:00.000Z');
const noJitter = (): number => 0;
const policy = (patch: Partial<RetryPolicy>): RetryPolicy => ({ ...DEFAULT_RETRY_POLICY, ...patch });
/** Seconds after `now` of the next attempt, or null. */
function next(attempt: number, p: RetryPolicy, extra: { retryAfterMs?: number; jitter?: () => number } = {}): number | null {
  const at = nextAttemptAt({ attempt, policy: p, now, jitter: noJitter, ...extra });
  return at === null ? null : (at.getTime() - now.getTime()) / 1000;
}

describe('nextAttemptAt', () => {
  it.each<[string, RetryPolicy, number, number | null]>([
    ['waits 60 s after attempt 1 by default', DEFAULT_RETRY_POLICY, 1, 60],
    ['waits 120 s after attempt 2 by default', DEFAULT_RETRY_POLICY, 2, 120],
    ['stops after attempt 3 by default', DEFAULT_RETRY_POLICY, 3, null],
    ['waits 180 s after attempt 3 of 5', policy({ retry_attempts: 5 }), 3, 180],
    ['waits 240 s after attempt 4 of 5', policy({ retry_attempts: 5 }), 4, 240],
    ['stops after attempt 5 of 5', policy({ retry_attempts: 5 }), 5, null],
    ['stops after the only attempt when retry_attempts is 1', policy({ retry_attempts: 1 }), 1, null],
    ['stops after attempt 1 when retries are disabled', policy({ retry_enabled: false, retry_attempts: 5 }), 1, null],
    ['follows a custom schedule: first delay', policy({ retry_schedule: [5, 3600] }), 1, 5],
    ['follows a custom schedule: second delay', policy({ retry_schedule: [5, 3600] }), 2, 3600],
    ['stops after a custom schedule runs out', policy({ retry_schedule: [5, 3600] }), 3, null],
    ['makes [1] two attempts in all', policy({ retry_schedule: [1] }), 1, 1],
    ['ignores a custom schedule when retries are disabled', policy({ retry_enabled: false, retry_schedule: [1] }), 1, null],
  ])('%s', (_name, p, attempt, expected) => {
    expect(next(attempt, p)).toBe(expected);
  });

  it('waits for a Retry-After later than the policy delay', () => {
    expect(next(1, DEFAULT_RETRY_POLICY, { retryAfterMs: 600_000 })).toBe(600);
  });
  it('keeps the policy delay when Retry-After is earlier', () => {
    expect(next(1, DEFAULT_RETRY_POLICY, { retryAfterMs: 5_000 })).toBe(60);
  });
  it('adds no attempt because of Retry-After', () => {
    expect(next(3, DEFAULT_RETRY_POLICY, { retryAfterMs: 5_000 })).toBeNull();
  });
  it('adds at most 10 % jitter', () => {
    expect(next(1, DEFAULT_RETRY_POLICY, { jitter: () => 0.5 })).toBe(63);
    expect(next(1, DEFAULT_RETRY_POLICY, { jitter: () => 0.999999 })).toBeCloseTo(66, 2);
    expect(next(1, DEFAULT_RETRY_POLICY, { jitter: () => 7 })).toBe(66);
    expect(next(1, DEFAULT_RETRY_POLICY, { jitter: () => Number.NaN })).toBe(60);
  });
  it('jitters by default, within bounds', () => {
    const at = nextAttemptAt({ attempt: 1, policy: DEFAULT_RETRY_POLICY, now });
    const seconds = ((at?.getTime() ?? 0) - now.getTime()) / 1000;
    expect(seconds).toBeGreaterThanOrEqual(60);
    expect(seconds).toBeLessThanOrEqual(66);
  });
  it.each([0, -1, 1.5, Number.NaN])('throws on attempt %p', (attempt) => {
    expect(() => nextAttemptAt({ attempt, policy: DEFAULT_RETRY_POLICY, now })).toThrow(/attempt/);
  });
});

describe('maxAttempts', () => {
  it.each<[string, RetryPolicy, number]>([
    ['default', DEFAULT_RETRY_POLICY, 3],
    ['five', policy({ retry_attempts: 5 }), 5],
    ['disabled', policy({ retry_enabled: false }), 1],
    ['a schedule of three delays', policy({ retry_schedule: [1, 2, 3] }), 4],
  ])('counts every attempt for %s', (_name, p, expected) => {
    expect(maxAttempts(p)).toBe(expected);
  });
});

describe('validateRetrySettings', () => {
  it.each<[string, RetrySettingsInput, RetryPolicy]>([
    ['nothing as the seed default', {}, { retry_enabled: true, retry_attempts: 3, retry_schedule: null }],
    ['nulls as the seed default', { retry_schedule: null }, { retry_enabled: true, retry_attempts: 3, retry_schedule: null }],
    ['retry_attempts 5', { retry_attempts: 5 }, { retry_enabled: true, retry_attempts: 5, retry_schedule: null }],
    ['retry_enabled false', { retry_enabled: false }, { retry_enabled: false, retry_attempts: 3, retry_schedule: null }],
    ['a schedule, deriving retry_attempts', { retry_schedule: [1, 86400] }, { retry_enabled: true, retry_attempts: 3, retry_schedule: [1, 86400] }],
    ['a schedule overriding retry_attempts', { retry_attempts: 2, retry_schedule: [1, 2, 3] }, { retry_enabled: true, retry_attempts: 4, retry_schedule: [1, 2, 3] }],
    ['ten delays', { retry_schedule: Array.from({ length: 10 }, () => 60) }, { retry_enabled: true, retry_attempts: 11, retry_schedule: Array.from({ length: 10 }, () => 60) }],
  ])('accepts %s', (_name, input, expected) => {
    expect(validateRetrySettings(input)).toEqual(expected);
  });

  it.each<[string, RetrySettingsInput, string, RegExp]>([
    ['retry_enabled as a string', { retry_enabled: 'yes' }, 'retry_enabled', /Expected `retry_enabled` to be a boolean, got "yes"/],
    ['retry_attempts 0', { retry_attempts: 0 }, 'retry_attempts', /Expected `retry_attempts` to be an integer from 1 to 5 .*got number 0/],
    ['retry_attempts 6', { retry_attempts: 6 }, 'retry_attempts', /got number 6/],
    ['retry_attempts 2.5', { retry_attempts: 2.5 }, 'retry_attempts', /got number 2.5/],
    ['retry_attempts as a string', { retry_attempts: '3' }, 'retry_attempts', /got "3"/],
    ['a bad retry_attempts beside a schedule', { retry_attempts: 9, retry_schedule: [1] }, 'retry_attempts', /got number 9/],
    ['retry_schedule as a number', { retry_schedule: 60 }, 'retry_schedule', /Expected `retry_schedule` to be an array of 1 to 10 delays/],
    ['an empty retry_schedule', { retry_schedule: [] }, 'retry_schedule', /got 0 entries/],
    ['eleven delays', { retry_schedule: Array.from({ length: 11 }, () => 60) }, 'retry_schedule', /got 11 entries/],
    ['a zero delay', { retry_schedule: [60, 0] }, 'retry_schedule[1]', /Expected `retry_schedule\[1\]` to be a whole number of seconds from 1 to 86400 \(24 h\), got number 0/],
    ['a delay over 24 h', { retry_schedule: [60, 60, 60, 86401] }, 'retry_schedule[3]', /`retry_schedule\[3\]`.*got number 86401/],
    ['a fractional delay', { retry_schedule: [1.5] }, 'retry_schedule[0]', /got number 1.5/],
    ['a delay as a string', { retry_schedule: ['60'] }, 'retry_schedule[0]', /got "60"/],
  ])('refuses %s, naming the field', (_name, input, field, message) => {
    const result = validateRetrySettings(input);
    expect(result).toBeInstanceOf(AppError);
    expect(result).toMatchObject({ code: 'invalid_field', status: 400, field });
    expect((result as AppError).message).toMatch(message);
  });
});
