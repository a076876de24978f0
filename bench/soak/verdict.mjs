// Whether a soak passed: nothing acknowledged missing, no vendor request answered 5xx or left
// unanswered, and memory and open handles not growing over the run. Pure functions of the samples.

/** Least-squares slope of `ys` over `xs` (per unit of x), or 0 with fewer than 3 points. */
export function slope(xs, ys) {
  const n = xs.length;
  if (n < 3) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.floor(sorted.length / 2)];
};

/**
 * Memory "keeps growing" when, after the warm-up (caches filling, the JIT settling), RSS both
 * trends up (the fitted line rises by more than `allowMb` over the measured span) and the last
 * third of the samples sits above the middle third by more than `allowMb / 2`: a steady leak does
 * both, one garbage-collection swing does neither.
 * @param {{minute: number, rss_mb: number}[]} samples after the warm-up
 */
export function memoryGrowth(samples, allowMb) {
  const xs = samples.map((s) => s.minute);
  const ys = samples.map((s) => s.rss_mb);
  const perMinute = slope(xs, ys);
  const span = xs.length > 1 ? xs[xs.length - 1] - xs[0] : 0;
  const third = Math.max(1, Math.floor(samples.length / 3));
  const middle = median(ys.slice(third, 2 * third));
  const last = median(ys.slice(-third));
  const growing = perMinute * span > allowMb && last - middle > allowMb / 2;
  return { growing, mb_per_minute: perMinute, trend_mb: perMinute * span, middle_third_mb: middle, last_third_mb: last };
}

/** Open handles "keep growing" when the last third's lowest count is above the middle third's highest by more than `allow`. */
export function handleGrowth(samples, allow) {
  if (samples.length < 3) return { growing: false, middle_third_max: null, last_third_min: null };
  const counts = samples.map((s) => s.handles);
  const third = Math.max(1, Math.floor(counts.length / 3));
  const middleMax = Math.max(...counts.slice(third, 2 * third));
  const lastMin = Math.min(...counts.slice(-third));
  return { growing: counts.length >= 3 && lastMin - middleMax > allow, middle_third_max: middleMax, last_third_min: lastMin };
}
