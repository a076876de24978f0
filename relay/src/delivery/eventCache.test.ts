import type { EventEnvelope } from '../events/envelope.js';
import { EventCache } from './eventCache.js';

const event = (id: string): EventEnvelope => ({
  id,
  type: 'clarky.booking.confirmed',
  vendor: 'clarky',
  vendor_event: 'booking.confirmed',
  cataloged: true,
  occurred_at: '2026-03-03T15:01:09.012Z',
  received_at: '2026-03-03T15:01:09.250Z',
  source: { id: 'src_1', name: 'Front desk' },
  person: null,
  data: { n: id },
  warnings: [],
});

describe('EventCache', () => {
  test('returns what was put, and nothing for an unknown id', () => {
    const cache = new EventCache(10);
    const e = event('evt_1');
    cache.put(e);
    expect(cache.get('evt_1')).toBe(e);
    expect(cache.get('evt_2')).toBeUndefined();
  });
  test('drops the least recently used entry past its bound', () => {
    const cache = new EventCache(2);
    cache.put(event('evt_1'));
    cache.put(event('evt_2'));
    cache.get('evt_1');
    cache.put(event('evt_3'));
    expect(cache.get('evt_2')).toBeUndefined();
    expect(cache.get('evt_1')).toBeDefined();
    expect(cache.size).toBe(2);
  });
  test('serializes a cached event once and gives the same JSON as JSON.stringify', () => {
    const cache = new EventCache(10);
    const e = event('evt_1');
    cache.put(e);
    const first = cache.body(e);
    expect(first).toBe(JSON.stringify(e));
    expect(cache.body(e)).toBe(first);
  });
  test('serializes an event it does not hold without keeping it', () => {
    const cache = new EventCache(10);
    const e = event('evt_9');
    expect(cache.body(e)).toBe(JSON.stringify(e));
    expect(cache.size).toBe(0);
  });
});
