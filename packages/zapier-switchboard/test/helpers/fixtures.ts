import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository's test fixtures (vendor samples, signing vectors), shared with the relay's tests. */
const fixturesDir = resolve(__dirname, '..', '..', '..', '..', 'fixtures');

export function readFixture(...path: string[]): string {
  return readFileSync(join(fixturesDir, ...path), 'utf8');
}
