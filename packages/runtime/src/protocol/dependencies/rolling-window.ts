/**
 * Call outcomes of the last `windowMs`, in buckets: counting is O(1) and memory is
 * fixed, whatever the call rate. A bucket is reused once its time has left the window,
 * so outcomes leave a bucket at a time and the window spans `windowMs` plus up to one
 * bucket. Time comes from the caller, so tests drive it with a clock of their own.
 */
interface Bucket {
  /** Which bucket of time (`floor(now / bucketMs)`) the counts belong to. */
  epoch: number;
  successes: number;
  failures: number;
}

export interface WindowCounts {
  readonly successes: number;
  readonly failures: number;
}

export class RollingWindow {
  readonly #bucketMs: number;
  readonly #buckets: Bucket[];

  constructor(windowMs: number, bucketCount: number) {
    this.#bucketMs = Math.max(1, Math.ceil(windowMs / bucketCount));
    this.#buckets = Array.from({ length: bucketCount }, () => ({ epoch: -Infinity, successes: 0, failures: 0 }));
  }

  record(now: number, failed: boolean): void {
    const epoch = Math.floor(now / this.#bucketMs);
    const bucket = this.#buckets[epoch % this.#buckets.length]!;
    if (bucket.epoch !== epoch) {
      bucket.epoch = epoch;
      bucket.successes = 0;
      bucket.failures = 0;
    }
    if (failed) bucket.failures += 1;
    else bucket.successes += 1;
  }

  counts(now: number): WindowCounts {
    const oldest = Math.floor(now / this.#bucketMs) - this.#buckets.length + 1;
    let successes = 0;
    let failures = 0;
    for (const bucket of this.#buckets) {
      if (bucket.epoch < oldest) continue;
      successes += bucket.successes;
      failures += bucket.failures;
    }
    return { successes, failures };
  }

  /** Forgets every outcome: a breaker that closes starts counting afresh. */
  clear(): void {
    for (const bucket of this.#buckets) bucket.epoch = -Infinity;
  }
}
