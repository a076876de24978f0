/**
 * A real full disk for tests: a size-limited tmpfs mounted on a temp folder, which a filler file
 * can fill to the last page and give back. Mounting needs root; without it `mountTinyFs` resolves
 * null after printing a notice, and the test skips its body. (chmod cannot stand in: root writes
 * to read-only files anyway.)
 */
import { execFile } from 'node:child_process';
import { mkdtemp, open, rmdir, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { errorCode } from './errorInfo.js';

const run = promisify(execFile);
const FILLER = '.filler';

export interface TinyFs {
  /** The mounted folder (mode 0700). */
  dir: string;
  /** Writes a filler file until the filesystem answers ENOSPC. */
  fill(): Promise<void>;
  /** Deletes the filler file: the space is back. */
  free(): Promise<void>;
  /** Unmounts and deletes the folder; whatever still has files open there must be closed first. */
  unmount(): Promise<void>;
}

export function canMount(): boolean {
  return process.getuid?.() === 0;
}

/** Mounts a tmpfs of `size` (e.g. "4m"), or resolves null with a notice on stderr when not root. */
export async function mountTinyFs(size: string, why: string): Promise<TinyFs | null> {
  if (!canMount()) {
    process.stderr.write(`full-disk test skipped (${why}): mounting a size-limited tmpfs needs root.\n`);
    return null;
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-fulldisk-'));
  await run('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir]);
  const filler = path.join(dir, FILLER);
  return {
    dir,
    fill: () => fillUp(filler),
    free: () => unlink(filler).catch((error: unknown) => (errorCode(error) === 'ENOENT' ? undefined : Promise.reject(error))),
    unmount: async () => {
      await unmountSoon(dir);
      await rmdir(dir);
    },
  };
}

/** A file a closing relay still holds open makes umount answer EBUSY for a moment: retry, then detach lazily. */
async function unmountSoon(dir: string): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    try {
      await run('umount', [dir]);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await run('umount', ['-l', dir]);
}

async function fillUp(file: string): Promise<void> {
  const handle = await open(file, 'a');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) await handle.write(chunk);
  } catch (error) {
    if (errorCode(error) !== 'ENOSPC') throw error;
  }
  // What a 64 KiB chunk could not take, smaller writes can: leave not one byte.
  try {
    for (;;) await handle.write(chunk.subarray(0, 512));
  } catch (error) {
    if (errorCode(error) !== 'ENOSPC') throw error;
  } finally {
    await handle.close();
  }
}
