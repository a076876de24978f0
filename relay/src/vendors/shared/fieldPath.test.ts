import { formatPath, MAX_PATH_SHOWN } from './fieldPath.js';

describe('formatPath', () => {
  it('joins keys with dots and shows indexes in brackets', () => {
    expect(formatPath(['payload', 'items', 3, 'product_id'])).toBe('payload.items[3].product_id');
  });

  it('shows a long key as its start and its length', () => {
    expect(formatPath(['k'.repeat(2000), 0, 'id'])).toBe(`${'k'.repeat(16)}…(2000 characters)[0].id`);
  });

  it('keeps the first segment and the end of a long path', () => {
    const trail = ['payload', ...Array.from({ length: 64 }, (_, i) => `level${i}`), 'id'];
    const path = formatPath(trail);
    expect(path.length).toBeLessThanOrEqual(MAX_PATH_SHOWN);
    expect(path).toMatch(/^payload….*\.level63\.id$/);
  });

  it('never splits a surrogate pair', () => {
    const path = formatPath(['😀'.repeat(40)]);
    expect(path).toBe(`${'😀'.repeat(8)}…(80 characters)`);
    const long = formatPath(Array.from({ length: 40 }, () => '😀😀😀'));
    expect(long.length).toBeLessThanOrEqual(MAX_PATH_SHOWN);
    expect(long).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it('starts with an index when the trail does', () => {
    expect(formatPath([0, 'id'])).toBe('[0].id');
  });
});
