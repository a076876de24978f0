import { Lanes, RECORDING_FACTOR } from './lanes.js';

describe('Lanes', () => {
  test('a started delivery holds a slot and is busy until done', () => {
    const lanes = new Lanes();
    const ticket = lanes.start('hook_a', 'dlv_1');
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
    const ticket = lanes.start('hook_a', 'dlv_1');
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
    const ticket = lanes.start('hook_a', 'dlv_1');
    lanes.beginScan();
    ticket.done();
    expect(lanes.taken('hook_a', 'dlv_1')).toBe(true);
    lanes.endScan();
    expect(lanes.taken('hook_a', 'dlv_1')).toBe(false);
  });

  test('subscriptions do not share slots', () => {
    const lanes = new Lanes();
    lanes.start('hook_a', 'dlv_1');
    lanes.start('hook_a', 'dlv_2');
    expect(lanes.free('hook_a', 2)).toBe(0);
    expect(lanes.free('hook_b', 2)).toBe(2);
    expect(lanes.sending).toBe(2);
  });

  test('sent and done are idempotent and report the in-flight count', () => {
    const seen: number[] = [];
    const lanes = new Lanes((n) => seen.push(n));
    const ticket = lanes.start('hook_a', 'dlv_1');
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
      const ticket = lanes.start('hook_a', `dlv_${i}`);
      ticket.sent();
      return ticket;
    });
    expect(lanes.free('hook_a', capacity)).toBe(0);
    tickets[0]?.done();
    expect(lanes.free('hook_a', capacity)).toBe(1);
    const sending = lanes.start('hook_a', 'dlv_next');
    expect(lanes.free('hook_a', capacity)).toBe(0);
    sending.done();
    for (const ticket of tickets) ticket.done();
    expect(lanes.free('hook_a', capacity)).toBe(capacity);
  });
});
