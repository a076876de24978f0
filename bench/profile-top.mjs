#!/usr/bin/env node
// Summarizes a V8 .cpuprofile (from `pnpm bench --profile`, or `node --cpu-prof`): self time by
// function and by where the code lives (relay source, a dependency, Node internals, native).
// Usage: node bench/profile-top.mjs <file.cpuprofile> [--top 25]
import fs from 'node:fs';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const topIndex = args.indexOf('--top');
const top = topIndex >= 0 ? Number(args[topIndex + 1]) : 25;
if (!file) {
  process.stderr.write('Usage: node bench/profile-top.mjs <file.cpuprofile> [--top 25]\n');
  process.exit(2);
}

const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}

/** Where a frame's code lives: the relay's own files, a package, Node itself, or native/VM. */
function place(url) {
  if (!url) return '(native / VM)';
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return 'node (internal)';
  // relay/dist, or the copy of it the bench runs from (switchboard-bench-relay-*/dist).
  const relay = /(?:relay|switchboard-bench-relay-[^/]+)\/dist\/(.+)$/.exec(url);
  if (relay) return `relay: ${relay[1]}`;
  return url;
}

const functions = new Map();
const places = new Map();
let total = 0;
for (const [id, us] of selfUs) {
  const node = byId.get(id);
  const cf = node.callFrame;
  total += us;
  const name = cf.functionName || '(anonymous)';
  const where = place(cf.url);
  const key = `${name}  ${cf.url ? `${where}:${cf.lineNumber + 1}` : where}`;
  functions.set(key, (functions.get(key) ?? 0) + us);
  const group = where.startsWith('relay: ') ? 'relay (own code)' : where;
  places.set(group, (places.get(group) ?? 0) + us);
}

// Percentages are of the busy time: "(idle)" (the event loop waiting) is reported on its own.
const idle = functions.get('(idle)  (native / VM)') ?? 0;
functions.delete('(idle)  (native / VM)');
places.set('(native / VM)', (places.get('(native / VM)') ?? 0) - idle);
const busy = total - idle;
const pct = (us) => `${((100 * us) / busy).toFixed(1).padStart(5)} %`;
const lines = [`${file}: ${(total / 1e6).toFixed(2)} s sampled, ${(busy / 1e6).toFixed(2)} s busy, ${(idle / 1e6).toFixed(2)} s idle; percentages of busy time`, '', 'Self time by where the code lives:'];
for (const [k, us] of [...places].sort((a, b) => b[1] - a[1]).slice(0, 15)) lines.push(`  ${pct(us)}  ${k}`);
lines.push('', `Top ${top} functions by self time:`);
for (const [k, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us)}  ${k}`);
process.stdout.write(`${lines.join('\n')}\n`);
