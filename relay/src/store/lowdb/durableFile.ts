import { open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';
import { errorCode, errorMessage } from '../errorInfo.js';

export interface DurableJsonFileOptions<T> {
  /** Turns the parsed JSON into `T`; throws an Error saying what is wrong with it. */
  parse: (value: unknown) => T;
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * A lowdb adapter that writes JSON durably: temp file in the same folder, fsync, rename over the
 * target, fsync the folder. A crash at any point leaves either the old or the new file, whole.
 * The file is created with mode 0600 (it holds secret hashes).
 *
 * Writes are serialized and coalesced: while one is on its way to disk, later calls wait and the
 * newest data is written once more. Every call resolves only after a write that *began after the
 * call* has completed, so no caller's mutation is acknowledged before it is on disk.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  readonly #file: string;
  readonly #temp: string;
  readonly #parse: (value: unknown) => T;
  #latest: T | undefined;
  #waiters: Waiter[] = [];
  #draining: Promise<void> | null = null;
  #writes = 0;

  constructor(file: string, options: DurableJsonFileOptions<T>) {
    this.#file = path.resolve(file);
    this.#temp = path.join(path.dirname(this.#file), `.${path.basename(this.#file)}.tmp`);
    this.#parse = options.parse;
  }

  /** Resolves null when the file does not exist; throws (never resets) when it cannot be read. */
  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return null;
      throw error;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw this.#corrupt(`it is not valid JSON (${errorMessage(error)})`);
    }
    try {
      return this.#parse(value);
    } catch (error) {
      throw this.#corrupt(errorMessage(error));
    }
  }

  write(data: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#latest = data;
      this.#waiters.push({ resolve, reject });
      this.#draining ??= this.#drain();
    });
  }

  /** Resolves once no write is in flight. Never rejects. */
  async idle(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  /** Completed writes to disk, for tests and metrics (fewer than calls when coalesced). */
  stats(): { writes: number } {
    return { writes: this.#writes };
  }

  async #drain(): Promise<void> {
    try {
      while (this.#waiters.length > 0) {
        const waiters = this.#waiters;
        this.#waiters = [];
        try {
          // Serialized now, after every waiter's call: each waiter's mutation is in this text.
          await this.#writeDurably(`${JSON.stringify(this.#latest, null, 2)}\n`);
          this.#writes += 1;
          for (const waiter of waiters) waiter.resolve();
        } catch (error) {
          for (const waiter of waiters) waiter.reject(error);
        }
      }
    } finally {
      this.#draining = null;
    }
  }

  async #writeDurably(text: string): Promise<void> {
    const handle = await open(this.#temp, 'w', 0o600);
    try {
      await handle.chmod(0o600); // a stale temp file from a crash may have another mode
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } catch (error) {
      await handle.close();
      await unlink(this.#temp).catch(() => undefined);
      throw error;
    }
    await handle.close();
    await rename(this.#temp, this.#file);
    await syncDirectory(path.dirname(this.#file));
  }

  #corrupt(why: string): Error {
    return new Error(
      `Cannot read ${this.#file}: ${why}. The file was left as it is, and nothing starts over empty on its own: ` +
        'restore it from a backup, or move it away to start empty (what it held is then gone).',
    );
  }
}

/** Makes the rename itself durable. Some platforms cannot open a folder for fsync; there it is skipped. */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch (error) {
    if (errorCode(error) === 'EISDIR' || errorCode(error) === 'EPERM') return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    if (errorCode(error) !== 'EINVAL' && errorCode(error) !== 'EPERM') throw error;
  } finally {
    await handle.close();
  }
}
