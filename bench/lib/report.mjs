// The figures table (stdout) and the JSON result file.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function num(x, unit) {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (typeof x === 'string') return x;
  const digits = Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2;
  const text = x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return unit ? `${text} ${unit}` : text;
}

function passText(pass) {
  if (pass === null || pass === undefined) return '—';
  return pass ? 'PASS' : 'FAIL';
}

/** Renders the rows as a fixed-width table. */
export function table(rows) {
  const header = ['scenario', 'figure', 'value', 'baseline', 'ratio', 'target', 'pass'];
  const cells = rows.map((r) => [r.scenario, r.figure, num(r.value, r.unit), r.counts ? '' : num(r.baseline, r.unit), r.ratio === null ? '—' : r.ratio.toFixed(2), r.target ?? '—', passText(r.pass)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => String(c[i]).length)));
  const line = (c) => c.map((x, i) => String(x).padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** The same rows as a Markdown table (for docs/performance.md). */
export function markdownTable(rows) {
  const header = ['scenario', 'figure', 'value', 'baseline', 'ratio', 'target', 'pass'];
  const esc = (x) => String(x).replace(/\|/g, '\\|');
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const cells = [r.scenario, r.figure, num(r.value, r.unit), r.counts ? '' : num(r.baseline, r.unit), r.ratio === null ? '—' : r.ratio.toFixed(2), r.target ?? '—', passText(r.pass)];
    lines.push(`| ${cells.map(esc).join(' | ')} |`);
  }
  return lines.join('\n');
}

export function machine() {
  const cpus = os.cpus();
  return { node: process.version, platform: `${os.platform()} ${os.release()}`, cpus: cpus.length, cpu_model: cpus[0]?.model ?? 'unknown', memory_gb: Math.round(os.totalmem() / 2 ** 30), load_average_at_start: os.loadavg().map((x) => Number(x.toFixed(2))) };
}

/** The commit the relay was built from, and whether relay/ had uncommitted changes. */
export function relayVersion(repoDir) {
  try {
    const git = (...args) => execFileSync('git', ['-C', repoDir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return { commit: git('rev-parse', '--short', 'HEAD'), relay_dirty: git('status', '--porcelain', '--', 'relay').length > 0 };
  } catch {
    return { commit: 'unknown', relay_dirty: null };
  }
}

/** Writes results/<ISO time>.json and results/latest.json (each via a .tmp file and a rename). */
export function writeResults(dir, result) {
  fs.mkdirSync(dir, { recursive: true });
  const stamp = result.started_at.replace(/[:.]/g, '-');
  const text = `${JSON.stringify(result, null, 2)}\n`;
  const files = [path.join(dir, `${stamp}${result.quick ? '-quick' : ''}.json`), path.join(dir, 'latest.json')];
  for (const file of files) {
    fs.writeFileSync(`${file}.tmp`, text);
    fs.renameSync(`${file}.tmp`, file);
  }
  return files;
}
