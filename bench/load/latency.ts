/**
 * Latency percentiles at microsecond resolution. autocannon's own histogram counts
 * whole milliseconds, which reads 0 or 1 for every sub-millisecond loopback call, so
 * the harness records each response time itself.
 */
export class LatencyRecorder {
  private values = new Float64Array(1 << 16);
  private count = 0;

  /** `ms`: one response time in milliseconds. */
  record(ms: number): void {
    if (this.count === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.count++] = ms;
  }

  get size(): number {
    return this.count;
  }

  /** p50 and p99 in milliseconds (nearest rank); NaN when nothing was recorded. */
  percentiles(): { p50: number; p99: number } {
    const [p50 = Number.NaN, p99 = Number.NaN] = this.ranks([50, 99]);
    return { p50, p99 };
  }

  /** The given percentiles in milliseconds (nearest rank), in order; NaN when nothing was recorded. */
  ranks(percents: readonly number[]): number[] {
    if (this.count === 0) return percents.map(() => Number.NaN);
    const sorted = this.values.slice(0, this.count).sort();
    return percents.map((p) => sorted[Math.min(this.count - 1, Math.max(0, Math.ceil((p / 100) * this.count) - 1))] ?? Number.NaN);
  }
}
