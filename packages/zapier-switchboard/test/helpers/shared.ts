import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The shared fixtures beside the repository (README), or SWITCHBOARD_SHARED_DIR. */
export function sharedDir(): string {
  return process.env['SWITCHBOARD_SHARED_DIR'] ?? resolve(__dirname, '..', '..', '..', '..', '..', 'shared');
}

export function readShared(...path: string[]): string {
  return readFileSync(join(sharedDir(), ...path), 'utf8');
}
