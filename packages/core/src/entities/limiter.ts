/** Time as the limiter and retries see it; tests pass a virtual clock so that nothing really waits. */
export interface Pace {
  /** Milliseconds since some fixed moment. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realPace: Pace = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Runs tasks with at most `maxInFlight` at once and at most `perSecond` started in any one-second window, so
 * that one extraction stays under an API's TPS quota.
 *
 * @example
 * const limiter = new RateLimiter({ maxInFlight: 10, perSecond: 40 });
 * const results = await Promise.all(texts.map((text) => limiter.run(() => detect(text))));
 */
export class RateLimiter {
  readonly #maxInFlight: number;
  readonly #perSecond: number;
  readonly #pace: Pace;
  #inFlight = 0;
  readonly #waiting: Array<() => void> = [];
  /** Start times within the last second, oldest first. */
  readonly #starts: number[] = [];

  constructor(options: { maxInFlight: number; perSecond: number; pace?: Pace }) {
    this.#maxInFlight = options.maxInFlight;
    this.#perSecond = options.perSecond;
    this.#pace = options.pace ?? realPace;
  }

  /** Runs `task` once a slot and the per-second budget allow it. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.#slot();
    try {
      await this.#budget();
      return await task();
    } finally {
      // Hand the slot straight to the next waiter, so that no newcomer can take it in between.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#inFlight--;
    }
  }

  async #slot(): Promise<void> {
    if (this.#inFlight < this.#maxInFlight) {
      this.#inFlight++;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  async #budget(): Promise<void> {
    for (;;) {
      const now = this.#pace.now();
      while (this.#starts.length > 0 && (this.#starts[0] ?? now) <= now - 1000) this.#starts.shift();
      const oldest = this.#starts[0];
      if (oldest === undefined || this.#starts.length < this.#perSecond) {
        this.#starts.push(now);
        return;
      }
      await this.#pace.sleep(oldest + 1000 - now);
    }
  }
}
