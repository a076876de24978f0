import { Lanes, RECORDING_FACTOR, type Ticket } from './lanes.js';

function must(ticket: Ticket | null): Ticket {
  if (!ticket) throw new Error('expected a ticket, got null (the delivery already holds one)');
  return ticket;
}

describe('Lanes', () => {
  test('a started delivery holds a slot and is busy until done', () => {
    const lanes = new Lanes();
    const ticket = must(lanes.start('hook_a', 'dlv_1'));
    expect(lanes.free('hook_a', 4)).toBe(3);
    expect(lanes.busy('hook_a')).toEqual(['dlv_1']);
    expect(lanes.sending).toBe(1);
    ticket.done();
    expect(lanes.free('hook_a', 4)).toBe(4);
    expect(lanes.busy('hook_a')).toEqual([]);
    expect(lanes.sending).toBe(0);
  });

  test('once sent, the slot is free but the delivery stays out of scans until done', () => {
    const lanes = new Lanes();
    const ticket = must(lanes.start('hook_a', 'dlv_1'));
    ticket.sent();
    expect(lanes.free('hook_a', 1)).toBe(1);
    expect(lanes.sending).toBe(0);
    expect(lanes.busy('hook_a')).toEqual(['dlv_1']);
    expect(lanes.taken('hook_a', 'dlv_1')).toBe(true);
    ticket.done();
    expect(lanes.taken('hook_a', 'dlv_1')).toBe(false);
  });

  test('a delivery settled during a scan stays taken until the scan ends', () => {
    const lanes = new Lanes();
    const ticket = must(lanes.start('hook_a', 'dlv_1'));
    lanes.beginScan();
    ticket.done();
    expect(lanes.taken('hook_a', 'dlv_1')).toBe(true);
    lanes.endScan();
    expect(lanes.taken('hook_a', 'dlv_1')).toBe(false);
  });

  test('subscriptions do not share slots', () => {
    const lanes = new Lanes();
    must(lanes.start('hook_a', 'dlv_1'));
    must(lanes.start('hook_a', 'dlv_2'));
    expect(lanes.free('hook_a', 2)).toBe(0);
    expect(lanes.free('hook_b', 2)).toBe(2);
    expect(lanes.sending).toBe(2);
  });

  test('sent and done are idempotent and report the in-flight count', () => {
    const seen: number[] = [];
    const lanes = new Lanes((n) => seen.push(n));
    const ticket = must(lanes.start('hook_a', 'dlv_1'));
    ticket.sent();
    ticket.sent();
    ticket.done();
    ticket.done();
    expect(seen).toEqual([1, 0]);
  });

  test('answered attempts waiting for their record stop freeing slots past the bound (backpressure)', () => {
    const lanes = new Lanes();
    const capacity = 2;
    const tickets = Array.from({ length: RECORDING_FACTOR * capacity }, (_, i) => {
      const ticket = must(lanes.start('hook_a', `dlv_${i}`));
      ticket.sent();
      return ticket;
    });
    expect(lanes.free('hook_a', capacity)).toBe(0);
    tickets[0]?.done();
    expect(lanes.free('hook_a', capacity)).toBe(1);
    const sending = must(lanes.start('hook_a', 'dlv_next'));
    expect(lanes.free('hook_a', capacity)).toBe(0);
    sending.done();
    for (const ticket of tickets) ticket.done();
    expect(lanes.free('hook_a', capacity)).toBe(capacity);
  });

  test('a delivery holds one ticket at a time: a second start is refused while the first is sending or recording', () => {
    const lanes = new Lanes();
    const ticket = must(lanes.start('hook_a', 'dlv_1'));
    expect(lanes.start('hook_a', 'dlv_1')).toBeNull();
    ticket.sent();
    expect(lanes.start('hook_a', 'dlv_1')).toBeNull();
    expect(lanes.sending).toBe(0);
    ticket.done();
    const again = must(lanes.start('hook_a', 'dlv_1'));
    expect(lanes.sending).toBe(1);
    again.done();
    expect(lanes.sending).toBe(0);
  });

  test('140 starts of one delivery at once hand out one ticket, and the lane balances back to empty', () => {
    const seen: number[] = [];
    const lanes = new Lanes((n) => seen.push(n));
    const tickets = Array.from({ length: 140 }, () => lanes.start('hook_a', 'dlv_1'));
    const granted = tickets.filter((t): t is Ticket => t !== null);
    expect(granted).toHaveLength(1);
    expect(lanes.sending).toBe(1);
    for (const t of granted) {
      t.sent();
      t.done();
    }
    expect(lanes.sending).toBe(0);
    expect(lanes.free('hook_a', 8)).toBe(8);
    expect(lanes.busy('hook_a')).toEqual([]);
    expect(seen).toEqual([1, 0]);
  });

  // Every way an attempt can end, as the engine drives its ticket: `sent()` when the subscriber
  // answered (or the request failed or timed out), then `done()` in a finally, or `done()` alone
  // when something threw before the request went out (event load, store, a stop mid-attempt).
  const paths: [string, (t: Ticket) => void][] = [
    ['answered and recorded (success or failure)', (t) => { t.sent(); t.done(); }],
    ['threw before the request went out', (t) => t.done()],
    ['answered, then its record threw', (t) => { t.sent(); t.done(); }],
    ['timed out (sent once by the sender, once more by a finally)', (t) => { t.sent(); t.sent(); t.done(); }],
    ['released twice (a stop racing the finally)', (t) => { t.done(); t.done(); t.sent(); }],
  ];
  test.each(paths)('the slot comes back exactly once when an attempt %s', (_name, end) => {
    const lanes = new Lanes();
    const other = must(lanes.start('hook_a', 'dlv_other'));
    end(must(lanes.start('hook_a', 'dlv_1')));
    expect(lanes.sending).toBe(1);
    expect(lanes.free('hook_a', 2)).toBe(1);
    expect(lanes.busy('hook_a')).toEqual(['dlv_other']);
    expect(lanes.start('hook_a', 'dlv_1')).not.toBeNull();
    other.done();
  });

  test('a stale ticket cannot release a later ticket of the same delivery', () => {
    const lanes = new Lanes();
    const first = must(lanes.start('hook_a', 'dlv_1'));
    first.done();
    const second = must(lanes.start('hook_a', 'dlv_1'));
    first.sent();
    first.done();
    expect(lanes.sending).toBe(1);
    expect(lanes.taken('hook_a', 'dlv_1')).toBe(true);
    second.done();
    expect(lanes.sending).toBe(0);
  });
});
