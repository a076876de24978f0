import type { DeliveryRecord } from '../../store/types.js';
import { hookRecord } from '../../subscriptions/hooksTesting.js';
import { delayMs, EARLY_TOLERANCE_MS, jobId, judge, stepOf, type DeliveryJob } from './jobs.js';

const NOW = new Date('2026-03-03T15:00:00.000Z');
const hook = hookRecord({ id: 'hk_1' });
const job: DeliveryJob = { deliveryId: 'dlv_1', hookId: 'hk_1', attempts: 1 };

function row(overrides: Partial<DeliveryRecord> = {}): DeliveryRecord {
  return {
    id: 'dlv_1', event_id: 'evt_1', event_type: 'clarky.booking.confirmed', hook_id: 'hk_1', trigger: 'scheduled', status: 'pending',
    attempts: 1, cycle_attempts: 1, next_attempt_at: NOW.toISOString(), last_status_code: 500, last_error: 'HTTP 500',
    created_at: NOW.toISOString(), updated_at: NOW.toISOString(), ...overrides,
  };
}

describe('job ids', () => {
  it('are the same for the same delivery step and differ between steps', () => {
    expect(jobId({ deliveryId: 'dlv_1', attempts: 1 })).toBe(jobId({ deliveryId: 'dlv_1', attempts: 1 }));
    expect(jobId({ deliveryId: 'dlv_1', attempts: 1 })).not.toBe(jobId({ deliveryId: 'dlv_1', attempts: 2 }));
    expect(jobId({ deliveryId: 'dlv_1', attempts: 1 })).not.toContain(':');
  });

  it('take the step from the stored row', () => {
    expect(stepOf(row({ attempts: 3 }))).toEqual({ deliveryId: 'dlv_1', hookId: 'hk_1', attempts: 3, dueAt: NOW });
    expect(stepOf(row({ next_attempt_at: null })).dueAt).toBeNull();
  });
});

describe('delayMs', () => {
  it.each([
    [null, 0],
    [new Date(NOW.getTime() - 5_000), 0],
    [new Date(NOW.getTime() + 60_000), 60_000],
  ])('due %s is %d ms away', (due, expected) => {
    expect(delayMs(due, NOW)).toBe(expected);
  });
});

describe('judge', () => {
  it('attempts a pending, due delivery at the job step of an active subscription', () => {
    expect(judge(job, row(), hook, NOW)).toMatchObject({ kind: 'attempt' });
  });

  it.each([
    ['missing', null, hook],
    ['settled', row({ status: 'succeeded' }), hook],
    ['settled', row({ status: 'cancelled' }), hook],
    ['stale', row({ attempts: 2 }), hook],
    ['hook_deleted', row(), null],
    ['hook_paused', row(), hookRecord({ id: 'hk_1', active: false })],
  ] as const)('skips (%s)', (reason, stored, current) => {
    expect(judge(job, stored, current, NOW)).toEqual({ kind: 'skip', reason });
  });

  it('puts off a job that arrived before its row is due', () => {
    const due = new Date(NOW.getTime() + 60_000);
    expect(judge(job, row({ next_attempt_at: due.toISOString() }), hook, NOW)).toEqual({ kind: 'later', at: due });
  });

  it('attempts a job slightly early (clock skew between processes)', () => {
    const due = new Date(NOW.getTime() + EARLY_TOLERANCE_MS - 1);
    expect(judge(job, row({ next_attempt_at: due.toISOString() }), hook, NOW).kind).toBe('attempt');
  });
});
