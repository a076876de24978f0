import { capWarnings, LISTED_PER_KIND, MAX_WARNING_LENGTH, MAX_WARNINGS, WARNINGS_BUDGET_BYTES, WarningLog } from './warnings.js';

const serializedBytes = (list: string[]): number => Buffer.byteLength(JSON.stringify(list));

describe('WarningLog', () => {
  it('lists every warning of a kind up to the limit, in order', () => {
    const log = new WarningLog();
    for (let i = 0; i < LISTED_PER_KIND; i++) log.add('a retyped id', () => `id ${i}`);
    expect(log.list()).toEqual(['id 0', 'id 1', 'id 2', 'id 3', 'id 4']);
  });

  it('summarizes the rest of a kind in one line, per kind', () => {
    const log = new WarningLog();
    for (let i = 0; i < 28_894; i++) log.add('a retyped id', () => `id ${i}`);
    log.add('an unreadable timestamp', () => 'timestamp 0');
    for (let i = 0; i < 7; i++) log.add('a third kind', () => `third ${i}`);
    expect(log.list()).toEqual([
      'id 0', 'id 1', 'id 2', 'id 3', 'id 4', 'timestamp 0', 'third 0', 'third 1', 'third 2', 'third 3', 'third 4',
      '…and 28889 more of the same kind (a retyped id).',
      '…and 2 more of the same kind (a third kind).',
    ]);
  });

  it('builds the text only of the warnings it lists', () => {
    const log = new WarningLog();
    let built = 0;
    for (let i = 0; i < 1000; i++) log.add('kind', () => `w${built++}`);
    expect(built).toBe(LISTED_PER_KIND);
  });
});

describe('capWarnings', () => {
  it('passes a short list through unchanged', () => {
    expect(capWarnings(['one', 'two'])).toEqual(['one', 'two']);
    expect(capWarnings([])).toEqual([]);
  });

  it('keeps at most MAX_WARNINGS, the last saying how many were left out', () => {
    const capped = capWarnings(Array.from({ length: 50 }, (_, i) => `w${i}`));
    expect(capped).toHaveLength(MAX_WARNINGS);
    expect(capped.slice(0, -1)).toEqual(Array.from({ length: MAX_WARNINGS - 1 }, (_, i) => `w${i}`));
    expect(capped.at(-1)).toBe('…and 31 more warnings, not listed (an event keeps at most 20 warnings and 8 KiB of them).');
  });

  it('keeps exactly MAX_WARNINGS when that is all there is', () => {
    const list = Array.from({ length: MAX_WARNINGS }, (_, i) => `w${i}`);
    expect(capWarnings(list)).toEqual(list);
  });

  it('cuts a long warning to MAX_WARNING_LENGTH, ending in …', () => {
    const [cut] = capWarnings(['x'.repeat(10_000)]);
    expect(cut).toHaveLength(MAX_WARNING_LENGTH);
    expect(cut?.endsWith('x…')).toBe(true);
  });

  it('stays within the byte budget even when every character serializes as an escape', () => {
    // U+0001 is 1 character and 6 bytes (`\u0001`) once serialized: 20 x 300 of them would be 36 KB.
    const capped = capWarnings(Array.from({ length: 50 }, () => '\u0001'.repeat(1000)));
    expect(serializedBytes(capped)).toBeLessThanOrEqual(WARNINGS_BUDGET_BYTES);
    expect(capped.at(-1)).toMatch(/^…and \d+ more warnings, not listed/);
  });
});
