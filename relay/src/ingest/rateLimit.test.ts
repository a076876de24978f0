import { FixedWindowLimiter } from './rateLimit.js';

describe('FixedWindowLimiter', () => {
  test('allows up to the limit in a window, then says how long to wait', () => {
    const limiter = new FixedWindowLimiter(2, 60_000);
    expect(limiter.take('src_a', 0)).toBeNull();
    expect(limiter.take('src_a', 1_000)).toBeNull();
    expect(limiter.take('src_a', 30_500)).toBe(30);
  });
  test('a new window starts fresh', () => {
    const limiter = new FixedWindowLimiter(1, 60_000);
    expect(limiter.take('src_a', 0)).toBeNull();
    expect(limiter.take('src_a', 59_999)).toBe(1);
    expect(limiter.take('src_a', 60_000)).toBeNull();
  });
  test('sources are counted separately', () => {
    const limiter = new FixedWindowLimiter(1, 60_000);
    expect(limiter.take('src_a', 0)).toBeNull();
    expect(limiter.take('src_b', 0)).toBeNull();
  });
  test('a limit of 0 is off', () => {
    const limiter = new FixedWindowLimiter(0, 60_000);
    for (let i = 0; i < 100; i++) expect(limiter.take('src_a', 0)).toBeNull();
  });
});

describe('FixedWindowLimiter memory bound', () => {
  test('never holds more than maxKeys windows, however many keys arrive in one window', () => {
    const limiter = new FixedWindowLimiter(5, 60_000, 1_000);
    for (let i = 0; i < 100_000; i++) limiter.take(`203.0.113.${i}`, 0);
    expect(limiter.size).toBe(1_000);
  });
  test('evicts the oldest window first, so recent counts survive a key-spraying caller', () => {
    const limiter = new FixedWindowLimiter(1, 60_000, 3);
    limiter.take('old', 0);
    limiter.take('recent', 10);
    expect(limiter.take('recent', 11)).not.toBeNull();
    limiter.take('spray1', 12);
    limiter.take('spray2', 13);
    expect(limiter.take('recent', 14)).not.toBeNull();
    expect(limiter.take('old', 15)).toBeNull();
  });
  test('drops expired windows before evicting live ones', () => {
    const limiter = new FixedWindowLimiter(1, 1_000, 2);
    limiter.take('a', 0);
    limiter.take('b', 900);
    limiter.take('c', 1_500);
    expect(limiter.take('b', 1_600)).not.toBeNull();
  });
  test('refuses a cap below 1', () => {
    expect(() => new FixedWindowLimiter(1, 1_000, 0)).toThrow('Expected `maxKeys` to be an integer >= 1, got 0');
  });
});

describe('FixedWindowLimiter.spent', () => {
  test('tells whether a budget is spent without counting', () => {
    const limiter = new FixedWindowLimiter(2, 60_000);
    expect(limiter.spent('k', 0)).toBeNull();
    limiter.take('k', 0);
    expect(limiter.spent('k', 0)).toBeNull();
    limiter.take('k', 0);
    expect(limiter.spent('k', 30_000)).toBe(30);
    expect(limiter.spent('k', 60_000)).toBeNull();
  });
});
