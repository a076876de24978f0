import { decideInOrder, type KeyedItem } from './dedupeClaims.js';
import { jsonbText, pgText } from './text.js';

const TTL = 72 * 3_600_000;
const item = (eventId: string, keys: string[], nowMs = 1_000, sourceId = 'src_a'): KeyedItem => ({ eventId, sourceId, keys, nowMs });
const known = (entries: [string, string, string, number][]) =>
  new Map(entries.map(([sourceId, key, eventId, expiresMs]) => [JSON.stringify([sourceId, key]), { eventId, expiresMs }]));

describe('decideInOrder (pure dedupe decision of one batch)', () => {
  it('stores appends without keys, claiming nothing', () => {
    expect(decideInOrder([item('e1', []), item('e2', [])], new Map(), TTL)).toEqual({
      outcomes: [
        { duplicate: false, eventId: 'e1' },
        { duplicate: false, eventId: 'e2' },
      ],
      claims: [],
    });
  });

  it('answers a key stored earlier as a duplicate of its event, and claims nothing for it', () => {
    const result = decideInOrder([item('e2', ['k'])], known([['src_a', 'k', 'e1', 5_000]]), TTL);
    expect(result).toEqual({ outcomes: [{ duplicate: true, eventId: 'e1' }], claims: [] });
  });

  it('takes over an expired key', () => {
    const result = decideInOrder([item('e2', ['k'], 5_000)], known([['src_a', 'k', 'e1', 5_000]]), TTL);
    expect(result.outcomes).toEqual([{ duplicate: false, eventId: 'e2' }]);
    expect(result.claims).toEqual([{ sourceId: 'src_a', key: 'k', eventId: 'e2', expiresMs: 5_000 + TTL }]);
  });

  it('makes the later of two same-key appends in a batch a duplicate of the earlier, in call order', () => {
    const result = decideInOrder([item('e1', ['a', 'b']), item('e2', ['c', 'b']), item('e3', ['c'])], new Map(), TTL);
    expect(result.outcomes).toEqual([
      { duplicate: false, eventId: 'e1' },
      { duplicate: true, eventId: 'e1' },
      { duplicate: false, eventId: 'e3' },
    ]);
    expect(result.claims.map((claim) => [claim.key, claim.eventId])).toEqual([
      ['a', 'e1'],
      ['b', 'e1'],
      ['c', 'e3'],
    ]);
  });

  it('scopes keys to their source', () => {
    const result = decideInOrder([item('e1', ['k'], 1_000, 'src_a'), item('e2', ['k'], 1_000, 'src_b')], new Map(), TTL);
    expect(result.outcomes.map((outcome) => outcome.duplicate)).toEqual([false, false]);
  });
});

describe('pgText and jsonbText', () => {
  it('replace U+0000, which PostgreSQL text cannot hold, and nothing else', () => {
    expect(pgText('a\u0000b')).toBe('a\uFFFDb');
    expect(pgText('plain é ✓')).toBe('plain é ✓');
    expect(pgText(null)).toBeNull();
    expect(JSON.parse(jsonbText({ h: 'x\u0000', n: 1, nested: ['\u0000'] }))).toEqual({ h: 'x\uFFFD', n: 1, nested: ['\uFFFD'] });
  });
});
