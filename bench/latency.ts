/** How long after its acknowledgement each ballot reached each viewer (bench/audience.ts, bench/light-audience.ts). */

export interface AudienceResult {
  connected: number;
  /** Sockets that saw the final count. */
  complete: number;
  samples: number;
  p50: number;
  p99: number;
  max: number;
  /** Share of (ballot, socket) pairs within 100 ms of the acknowledgement. */
  within100: number;
}

/** What one viewer saw of a round: when it first saw each new `voted.count`. */
export interface Seen {
  times: number[];
  counts: number[];
}

/**
 * Latencies of every (ballot, socket) pair from what each socket saw (the times it first saw each new
 * count of the round) and the kiosks' acknowledgement times: a histogram with 0.1 ms buckets up to 10 s.
 */
export function summarize(records: Seen[], ackTimes: Float64Array, total: number, connected: number): AudienceResult {
  const last = (r: Seen) => (r.counts.length ? r.counts[r.counts.length - 1] : -1);
  const sorted = Float64Array.from(ackTimes).sort();
  const bucketMs = 0.1;
  const buckets = new Float64Array(100_001);
  let samples = 0;
  let max = 0;
  let within = 0;
  let complete = 0;
  for (const r of records) {
    if (last(r) >= total) complete++;
    // The k-th acknowledgement (in time order) is covered by the first event whose count is ≥ k.
    let j = 0;
    for (let k = 1; k <= sorted.length; k++) {
      while (j < r.counts.length && r.counts[j] < k) j++;
      if (j >= r.counts.length) break;
      const latency = Math.max(0, r.times[j] - sorted[k - 1]);
      buckets[Math.min(buckets.length - 1, Math.floor(latency / bucketMs))]++;
      samples++;
      if (latency > max) max = latency;
      if (latency <= 100) within++;
    }
  }
  const quantile = (q: number) => {
    const target = q * samples;
    let acc = 0;
    for (let b = 0; b < buckets.length; b++) {
      acc += buckets[b];
      if (acc >= target) return (b + 1) * bucketMs;
    }
    return max;
  };
  return { connected, complete, samples, p50: quantile(0.5), p99: quantile(0.99), max, within100: samples ? within / samples : 0 };
}
