#!/usr/bin/env node
// Prints a bench result file as Markdown (heading line, table, notes), for docs/performance.md.
// Usage: node bench/results-md.mjs [bench/results/latest.json]
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { markdownTable } from './lib/report.mjs';

const file = process.argv[2] ?? fileURLToPath(new URL('./results/latest.json', import.meta.url));
const result = JSON.parse(fs.readFileSync(file, 'utf8'));
const m = result.machine;
const lines = [
  `${result.quick ? 'Quick' : 'Full'} run of ${result.started_at.slice(0, 16).replace('T', ' ')} UTC (${Math.round(result.duration_s)} s), relay at \`${result.relay?.commit ?? 'unknown'}\`${result.relay?.relay_dirty ? ' with uncommitted changes' : ''}; Node ${m.node}, ${m.cpus} × ${m.cpu_model}, ${m.memory_gb} GB, load average at start ${m.load_average_at_start.join(' ')}.`,
  '',
  markdownTable(result.rows),
  '',
  ...result.notes.map((n) => `- ${n}`),
];
process.stdout.write(`${lines.join('\n')}\n`);
