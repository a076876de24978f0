import type { DeliveryRecord } from '../store/types.js';
import { ReadyQueue } from './readyQueue.js';

let counter = 0;
function delivery(hookId: string): DeliveryRecord {
  counter += 1;
  const at = '2026-03-03T15:00:00.000Z';
  return { id: `dlv_${counter}`, event_id: `evt_${counter}`, event_type: 'clarky.booking.confirmed', hook_id: hookId, trigger: 'scheduled', status: 'pending', attempts: 0, cycle_attempts: 0, next_attempt_at: at, last_status_code: null, last_error: null, created_at: at, updated_at: at };
}

describe('ReadyQueue', () => {
  test('gives each subscription its deliveries oldest first, each once', () => {
    const queue = new ReadyQueue();
    const [a1, b1, a2, a3] = [delivery('hook_a'), delivery('hook_b'), delivery('hook_a'), delivery('hook_a')];
    queue.add([a1, b1, a2, a3].filter((d): d is DeliveryRecord => d !== undefined));
    expect(queue.take('hook_a', 2)).toEqual([a1, a2]);
    queue.remove('hook_a', a3?.id ?? '');
    expect(queue.take('hook_a', 5)).toEqual([]);
    expect(queue.take('hook_b', 5)).toEqual([b1]);
    expect(queue.size('hook_b')).toBe(0);
  });

  test('over capacity a delivery stays in the store only, and the subscription is marked for a look-up', () => {
    const queue = new ReadyQueue(2);
    queue.expandMarks(['hook_a']);
    queue.drained('hook_a', queue.generation('hook_a'));
    expect(queue.mayHaveStored('hook_a')).toBe(false);
    queue.add([delivery('hook_a'), delivery('hook_a'), delivery('hook_a')]);
    expect(queue.size('hook_a')).toBe(2);
    expect(queue.mayHaveStored('hook_a')).toBe(true);
  });

  test('everything may be stored at first; a mark for all covers subscriptions added later', () => {
    const queue = new ReadyQueue();
    expect(queue.mayHaveStored('hook_new')).toBe(true);
    queue.expandMarks(['hook_a', 'hook_b']);
    expect(queue.mayHaveStored('hook_a')).toBe(true);
    queue.drained('hook_a', queue.generation('hook_a'));
    expect(queue.mayHaveStored('hook_a')).toBe(false);
    expect(queue.mayHaveStored('hook_b')).toBe(true);
    queue.markStored();
    expect(queue.mayHaveStored('hook_a')).toBe(true);
  });

  test('a look-up that started before a new mark does not clear it', () => {
    const queue = new ReadyQueue();
    queue.expandMarks(['hook_a']);
    const before = queue.generation('hook_a');
    queue.markStored('hook_a'); // e.g. a retry came due while the look-up ran
    queue.drained('hook_a', before);
    expect(queue.mayHaveStored('hook_a')).toBe(true);
    queue.drained('hook_a', queue.generation('hook_a'));
    expect(queue.mayHaveStored('hook_a')).toBe(false);
  });

  test('a dropped subscription keeps nothing', () => {
    const queue = new ReadyQueue();
    queue.add([delivery('hook_a')]);
    queue.drop('hook_a');
    expect(queue.take('hook_a', 1)).toEqual([]);
  });
});
