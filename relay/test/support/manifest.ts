import { readFileSync } from 'node:fs';
import path from 'node:path';
import { vendorFixturesDir } from './paths.js';

export interface ManifestEntry {
  file: string;
  vendor: string;
  wire_type: string | null;
  request: { method: string; headers: Record<string, string> };
  expect: string;
  note?: string;
}

export function loadManifest(): ManifestEntry[] {
  const manifest = JSON.parse(readFileSync(path.join(vendorFixturesDir, 'manifest.json'), 'utf8')) as { fixtures: ManifestEntry[] };
  return manifest.fixtures;
}

export function fixtureBytes(file: string): Buffer {
  return readFileSync(path.join(vendorFixturesDir, file));
}

/** The expected status: the leading number of `expect` ("202 with ...", "400 (strict JSON)"), or null for non-webhooks. */
export function expectedStatus(entry: ManifestEntry): number | null {
  const match = /^(\d{3})\b/.exec(entry.expect);
  return match ? Number(match[1]) : null;
}
