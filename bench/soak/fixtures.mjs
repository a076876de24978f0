// The vendor requests the soak sends: every valid sample of the four vendors (manifest entries
// expected 202), each made unique where the vendor deduplicates (Clarityflow's top-level `id`),
// and now and then a repeat of an earlier one (answered 200 `duplicate`, never delivered again).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fixturesDir } from '../lib/context.mjs';

/** @returns {{vendor: string, file: string, body: string}[]} */
export function loadSamples() {
  const dir = fixturesDir();
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  const samples = manifest.fixtures
    .filter((f) => f.expect === '202' && !f.file.startsWith('bad/'))
    .map((f) => ({ vendor: f.vendor, file: f.file, body: fs.readFileSync(path.join(dir, f.file), 'utf8') }));
  if (samples.length === 0) throw new Error(`No valid samples listed in ${path.join(dir, 'manifest.json')}.`);
  return samples;
}

/** Picks sample `i` (round robin) and gives it a fresh identity where the vendor would deduplicate it. */
export function nextRequest(samples, i) {
  const sample = samples[i % samples.length];
  if (sample.vendor !== 'clarityflow') return { vendor: sample.vendor, body: sample.body };
  const parsed = JSON.parse(sample.body);
  parsed.id = randomUUID();
  return { vendor: sample.vendor, body: JSON.stringify(parsed), dedupeId: parsed.id };
}
