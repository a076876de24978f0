import type { AttemptWrite, Store } from '../../store/types.js';
import { withPatientRecords } from './patientRecords.js';

const WRITE = { attempt: { id: 'att_1' } } as unknown as AttemptWrite;

/** A store whose recordAttempt fails with `errors`, in order, then succeeds; counts the calls. */
function flakyStore(errors: unknown[]): Pick<Store, 'recordAttempt'> & { calls: number } {
  const store = {
    calls: 0,
    recordAttempt: async (): Promise<number | null> => {
      store.calls += 1;
      const error = errors.shift();
      if (error !== undefined) throw error;
      return store.calls;
    },
  };
  return store;
}

describe('withPatientRecords', () => {
  it('tries again while the database is restarting, until the write lands', async () => {
    const store = flakyStore([{ code: 'ECONNREFUSED' }, { code: '57P01' }, new Error('Connection terminated unexpectedly'), { code: '57P03' }]);
    await withPatientRecords(store, { firstDelayMs: 1 }).recordAttempt(WRITE, new Date());
    expect(store.calls).toBe(5);
  });

  it('passes on an error that does not pass with time, at once', async () => {
    const store = flakyStore([Object.assign(new Error('duplicate key'), { code: '23505' })]);
    await expect(withPatientRecords(store, { firstDelayMs: 1 }).recordAttempt(WRITE, new Date())).rejects.toThrow('duplicate key');
    expect(store.calls).toBe(1);
  });

  it('gives up once its patience is spent, with the last error', async () => {
    const store = flakyStore(Array.from({ length: 1_000 }, () => ({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' })));
    const started = Date.now();
    await expect(withPatientRecords(store, { patienceMs: 100, firstDelayMs: 10 }).recordAttempt(WRITE, new Date())).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(store.calls).toBeGreaterThan(1);
  });
});
