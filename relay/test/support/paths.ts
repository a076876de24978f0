import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The repository root (the folder holding `relay/`). */
export const repoRoot = path.resolve(here, '../../..');

/** `../shared` beside the repository, or `SWITCHBOARD_SHARED_DIR`. */
export const sharedDir = process.env.SWITCHBOARD_SHARED_DIR ?? path.resolve(repoRoot, '../shared');

export const vendorFixturesDir = path.join(sharedDir, 'fixtures/vendors');
export const vectorsFile = path.join(sharedDir, 'fixtures/standard-webhooks/vectors.json');
