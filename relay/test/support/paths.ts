import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The repository root (the folder holding `relay/`). */
export const repoRoot = path.resolve(here, '../../..');

/** The repository's test fixtures: vendor samples (with `manifest.json`) and the signing vectors. */
export const fixturesDir = path.join(repoRoot, 'fixtures');

export const vendorFixturesDir = path.join(fixturesDir, 'vendors');
export const vectorsFile = path.join(fixturesDir, 'standard-webhooks/vectors.json');
