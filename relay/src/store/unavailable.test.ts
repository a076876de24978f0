import { AppError } from '../errors.js';
import { isStorageUnavailable, storageUnavailable } from './unavailable.js';

describe('isStorageUnavailable', () => {
  it.each([
    ['a full SQLite database', { code: 'SQLITE_FULL' }],
    ['an extended SQLite I/O error', { code: 'SQLITE_IOERR_WRITE' }],
    ['a full disk', { code: 'ENOSPC' }],
    ['a refused PostgreSQL connection', { code: 'ECONNREFUSED' }],
    ['PostgreSQL shutting down (57P01)', { code: '57P01' }],
    ['PostgreSQL out of disk (53100)', { code: '53100' }],
    ['a lost PostgreSQL connection (08006)', { code: '08006' }],
    ['a terminated connection', new Error('Connection terminated unexpectedly')],
    ['a dead writer thread', new Error('the SQLite writer thread exited (code 1)')],
  ])('recognises %s', (_name, error) => {
    expect(isStorageUnavailable(error)).toBe(true);
  });

  it.each([
    ['a constraint violation', { code: 'SQLITE_CONSTRAINT_UNIQUE' }],
    ['a PostgreSQL unique violation (23505)', { code: '23505' }],
    ['a syntax error (42601)', { code: '42601' }],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['not an error at all', 'nope'],
  ])('does not take %s for an outage', (_name, error) => {
    expect(isStorageUnavailable(error)).toBe(false);
  });
});

describe('storageUnavailable', () => {
  it('answers 503 storage_unavailable with Retry-After', () => {
    const refusal = storageUnavailable({ code: 'SQLITE_FULL' });
    expect(refusal?.status).toBe(503);
    expect(refusal?.code).toBe('storage_unavailable');
    expect(Number(refusal?.headers['Retry-After'])).toBeGreaterThan(0);
  });

  it('leaves coded errors and bugs alone', () => {
    expect(storageUnavailable(new AppError('invalid_json', 'x'))).toBeNull();
    expect(storageUnavailable(new Error('bug'))).toBeNull();
  });
});
