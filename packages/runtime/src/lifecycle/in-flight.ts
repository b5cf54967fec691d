/**
 * Work a transport has accepted and not yet answered, counted so a shutdown can
 * wait until it is all done: promises go in, `idle()` resolves once none is left.
 */
export class InFlight {
  #pending = 0;
  #waiters: (() => void)[] = [];

  /** How many tracked promises have not settled yet. */
  get size(): number {
    return this.#pending;
  }

  /** Counts `work` until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T> {
    this.#pending++;
    const settled = (): void => {
      this.#pending--;
      if (this.#pending > 0) return;
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const wake of waiters) wake();
    };
    work.then(settled, settled);
    return work;
  }

  /** Resolves once nothing is in flight (at once when nothing is). */
  idle(): Promise<void> {
    if (this.#pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}

/**
 * Waits for `work` at most `ms` milliseconds: true if it settled in time. The timer
 * is not unref'd: during a shutdown it is what the process is waiting for.
 */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      timedOut,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
