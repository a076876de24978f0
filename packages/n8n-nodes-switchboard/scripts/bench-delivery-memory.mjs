#!/usr/bin/env node
// Measures the delivery memory (nodes/shared/recentIds.ts) at its bound: the time one check takes
// with the memory full (each check then also evicts one entry) and the heap the full memory holds,
// with keys shaped like the real ones (n8n workflow id, node UUID, relay hook id, relay event id).
// Reads the built file: run `pnpm build` first. The figures go in the README ("Repeated deliveries").
//
// Usage: node --expose-gc scripts/bench-delivery-memory.mjs [checks, default 1000000]
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { RecentIds, DEFAULT_MAX_ENTRIES } = require(
	path.join(packageDir, 'dist/nodes/shared/recentIds.js'),
);

if (typeof globalThis.gc !== 'function') {
	console.error('run with node --expose-gc (the heap figure needs a collection before and after)');
	process.exit(1);
}
const checks = Number(process.argv[2] ?? 1_000_000);
const scope =
	'kJ2x9QpL3mN8vR1t\u00004f1c2a9e-0c7b-4d51-9a57-6f3e2b1d8c40\u0000hook_01JNQB2C3D4E5F6G7H8J9K0M1N';
const eventId = (n) => `evt_01JNQA3D5F7H9K${String(n).padStart(10, '0')}`;
const heap = () => {
	globalThis.gc();
	return process.memoryUsage().heapUsed;
};

const before = heap();
const memory = new RecentIds();
const now = Date.now();
for (let i = 0; i < DEFAULT_MAX_ENTRIES; i += 1) {
	memory.seen({ scope, id: eventId(i), signedAt: now, now });
}
const full = heap() - before;

// Steady state at the bound: every check is a new id (insert + evict the oldest); one in ten
// is a repeat of a recent id (lookup + move to the newest end).
let repeats = 0;
const started = process.hrtime.bigint();
for (let i = 0; i < checks; i += 1) {
	const n = i % 10 === 9 ? DEFAULT_MAX_ENTRIES + i - 5 : DEFAULT_MAX_ENTRIES + i;
	if (memory.seen({ scope, id: eventId(n), signedAt: now, now })) repeats += 1;
}
const elapsedNs = Number(process.hrtime.bigint() - started);

console.log(`Node ${process.version}, ${DEFAULT_MAX_ENTRIES} entries`);
console.log(
	`heap held by the full memory: ${(full / 1024 / 1024).toFixed(2)} MB (${Math.round(full / DEFAULT_MAX_ENTRIES)} bytes per entry)`,
);
console.log(
	`${checks} checks at the bound: ${(elapsedNs / checks / 1000).toFixed(2)} µs per check (${repeats} repeats), size ${memory.size}`,
);
