// Small shared helpers: sleeping, percentiles, cleanup at exit, progress lines.

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Nearest-rank percentile of an array of numbers (sorted here; exact, no histogram buckets). */
export function percentiles(values, ps = [50, 99]) {
  const sorted = Float64Array.from(values).sort();
  const out = {};
  for (const p of ps) {
    out[`p${p}`] = sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  }
  out.max = sorted.length === 0 ? null : sorted[sorted.length - 1];
  return out;
}

const cleanups = [];
/** Registers a synchronous clean-up (temp folders) run at exit, also after a failure or Ctrl-C. */
export function atCleanup(fn) {
  cleanups.push(fn);
}
export function runCleanups() {
  for (const fn of cleanups.splice(0)) {
    try {
      fn();
    } catch {
      /* best effort */
    }
  }
}

/** A progress line on stderr (stdout carries only the table). */
export function progress(message) {
  process.stderr.write(`[bench] ${message}\n`);
}

export const mb = (bytes) => bytes / (1024 * 1024);
export const round = (x, digits = 1) => (x === null || x === undefined || Number.isNaN(x) ? null : Number(x.toFixed(digits)));

/** 12345 → "12,345" (counts in the table). */
export const n = (x) => Number(x).toLocaleString('en-US');
