#!/usr/bin/env node
// Filter `$regex` engines compared in one run (docs/performance.md, "Filter regular expressions"):
// V8's RegExp (the baseline, on safe patterns only: it backtracks), re2js (pure JavaScript, what
// the relay uses), and, when installed beside it, re2-wasm (WebAssembly) and re2 (native addon).
//
//   node bench/regexEngines.mjs [--engines-dir DIR]
//
// re2js comes from the relay's dependencies. The other two are not dependencies of the project:
// install them in a scratch folder (`npm install re2-wasm re2` there; re2 compiles RE2 and abseil
// from source, minutes) and pass its node_modules as --engines-dir. Prints one table: per engine
// and case, microseconds per test and the ratio to V8 (or to re2js where V8 cannot run the case).
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const relayRequire = createRequire(fileURLToPath(new URL('../relay/package.json', import.meta.url)));
const { RE2JS } = relayRequire('re2js');
const dirArg = process.argv.indexOf('--engines-dir');
const enginesDir = dirArg > 0 ? process.argv[dirArg + 1] : null;
const optional = (name) => {
  if (!enginesDir) return null;
  try {
    return createRequire(path.join(path.resolve(enginesDir), 'x.js'))(name);
  } catch {
    return null;
  }
};

const engines = [
  { name: 'V8 RegExp', compile: (p, f) => new RegExp(p, f), backtracks: true },
  {
    name: 're2js',
    compile: (p, f) => {
      const re = RE2JS.compile(p, (f.includes('i') ? RE2JS.CASE_INSENSITIVE : 0));
      return { test: (s) => re.matcher(s).find() };
    },
  },
];
const wasm = optional('re2-wasm');
if (wasm) engines.push({ name: 're2-wasm', compile: (p, f) => new wasm.RE2(p, `u${f}`) });
const native = optional('re2');
if (native) engines.push({ name: 're2 (native)', compile: (p, f) => new native(p, f) });

const email = 'ada.lovelace@example.com';
const cases = [
  { name: 'compile a 60-char pattern', pattern: '^(booking|contact)\\.(created|updated|cancelled)$|urgent|asap', compileOnly: true },
  { name: 'short subject (24 chars)', pattern: '@example\\.com$', subject: email },
  { name: 'short subject, case-insensitive', pattern: 'LOVELACE', flags: 'i', subject: email },
  { name: '100 KB subject, no match', pattern: 'urgent|asap', subject: 'lorem ipsum '.repeat(8_500) },
  { name: 'hostile: (.|\\s)*urgent on 5,000 spaces', pattern: '(.|\\s)*urgent', subject: ' '.repeat(5_000), hostile: true },
];

/** Microseconds per call of `fn`, over at least `ms` of calls after a warm-up. */
function time(fn, ms = 300) {
  for (let i = 0; i < 50; i++) fn();
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 20; i++) fn();
    n += 20;
    elapsed = performance.now() - start;
  }
  return (elapsed * 1000) / n;
}

const rows = [];
for (const c of cases) {
  const results = {};
  for (const engine of engines) {
    if (c.hostile && engine.backtracks) {
      results[engine.name] = null; // would not finish
      continue;
    }
    const flags = c.flags ?? '';
    results[engine.name] = c.compileOnly ? time(() => engine.compile(c.pattern, flags)) : (() => {
      const re = engine.compile(c.pattern, flags);
      return time(() => re.test(c.subject));
    })();
  }
  const base = results['V8 RegExp'] ?? results.re2js;
  const baseName = results['V8 RegExp'] === null ? 're2js' : 'V8';
  for (const engine of engines) {
    const us = results[engine.name];
    rows.push([c.name, engine.name, us === null ? 'does not finish' : us.toFixed(us < 10 ? 2 : 0), us === null ? '—' : `${(us / base).toFixed(2)} × ${baseName}`]);
  }
}
const header = ['case', 'engine', 'µs per call', 'ratio'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r) => r.map((x, i) => x.padEnd(widths[i])).join('  ');
console.log(`Node ${process.version}; engines: ${engines.map((e) => e.name).join(', ')}${enginesDir ? '' : ' (pass --engines-dir for re2-wasm and re2)'}`);
console.log([line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n'));
