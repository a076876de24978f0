/**
 * Which store failures mean "cannot store right now, try again later" rather than a bug: a full
 * disk, an I/O error, a database that is restarting or unreachable, a writer thread that died.
 * Those are answered 503 `storage_unavailable` with `Retry-After` (a vendor retries, nothing is
 * acknowledged that was not stored); anything else stays a 500 that leaks nothing.
 */
import { AppError } from '../errors.js';
import { errorCode, errorMessage } from './errorInfo.js';

/** Seconds a caller is asked to wait after a storage failure. */
export const STORAGE_RETRY_AFTER_SECONDS = 30;

/** SQLite result codes (extended ones start with these), Node system errors, PostgreSQL SQLSTATEs. */
const SQLITE_PREFIXES = ['SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_CANTOPEN', 'SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_READONLY', 'SQLITE_PROTOCOL', 'SQLITE_NOMEM'];
const SYSTEM_CODES = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EROFS', 'EMFILE', 'ENFILE', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** Classes 08 (connection), 53 (insufficient resources), 57P (operator intervention: shutdown, restart), 58 (system error). */
const PG_STATE = /^(08|53|57P|58)[0-9A-Z]{2,3}$/;
/** Errors the store raises itself when it cannot reach its engine (a dead writer thread, a closed pool, a timeout). */
const UNAVAILABLE_NAMES = new Set(['StoreUnavailableError']);
const UNAVAILABLE_MESSAGES = [/writer thread/i, /Connection terminated/i, /timeout exceeded when trying to connect/i, /Cannot use a pool after calling end/i, /Client has encountered a connection error/i];

/** True when `error` is a store failure that may pass with time (see the module comment). */
export function isStorageUnavailable(error: unknown): boolean {
  const code = errorCode(error);
  if (code) {
    if (SQLITE_PREFIXES.some((prefix) => code.startsWith(prefix))) return true;
    if (SYSTEM_CODES.has(code)) return true;
    if (PG_STATE.test(code)) return true;
  }
  if (typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string' && UNAVAILABLE_NAMES.has(error.name)) return true;
  const message = errorMessage(error);
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
}

/** The coded refusal for a storage failure, or null when `error` is not one (let it become a 500). */
export function storageUnavailable(error: unknown): AppError | null {
  if (error instanceof AppError || !isStorageUnavailable(error)) return null;
  return new AppError('storage_unavailable', 'The relay cannot store anything right now (disk full, I/O error or database unreachable); nothing was accepted. Retry after the time in Retry-After.', {
    headers: { 'Retry-After': String(STORAGE_RETRY_AFTER_SECONDS) },
  });
}
