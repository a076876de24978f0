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
