import { AsyncResource } from "node:async_hooks";
import { install } from "@sinonjs/fake-timers";

type InstalledClock = ReturnType<typeof install>;

/** Nothing is in flight and no timer is set, yet the work is not done: it can never finish. */
export class ClockStalledError extends Error {
  override name = "ClockStalledError";
}

/**
 * Time for the local rig: `Date`, `setTimeout` and `clearTimeout` are virtual while {@link run} runs, so that
 * every Wait state, retry interval, task timeout and paced call takes its full time as AWS would spend it, in
 * no real time. Time moves only when the rig is idle: nothing is doing real I/O (every `fetch`, such as a request
 * to the embedded Supabase, and every file a stand-in writes, marked with {@link io}) and only timers are left,
 * and then it jumps to the earliest one. Virtual time carries over from one run to the next and never goes back.
 *
 * @example
 * const clock = new VirtualClock(new Date("2026-03-02T09:00:00Z"));
 * await clock.run({ done: () => pipeline.idle() });
 */
export class VirtualClock {
  #now: number;
  /** How many times time jumped to a timer, for the bench. */
  jumps = 0;
  #clock: InstalledClock | null = null;
  #pending = 0;
  #settled: Array<() => void> = [];

  constructor(start: Date) {
    this.#now = start.getTime();
  }

  /** The virtual time: while running, the fake clock's; between runs, where the last run left it. */
  now(): Date {
    return new Date(this.#clock ? this.#clock.now : this.#now);
  }

  /** Moves virtual time forward to `time` (never back) between runs, e.g. to start a consult at its own time. */
  advanceTo(time: Date): void {
    if (this.#clock) throw new Error("the virtual clock moves by itself while it runs");
    this.#now = Math.max(this.#now, time.getTime());
  }

  /** Marks real I/O: virtual time does not move while it is pending. */
  async io<T>(work: Promise<T>): Promise<T> {
    this.#pending++;
    try {
      return await work;
    } finally {
      this.#pending--;
      if (this.#pending === 0) for (const resolve of this.#settled.splice(0)) resolve();
    }
  }

  /**
   * Runs with virtual timers until `done()` holds, jumping to the next timer whenever the rig is idle; `start`
   * runs first, on the virtual clock (to set timers, such as an event's delivery at its own time). Throws
   * {@link ClockStalledError} when nothing could ever make `done()` hold.
   */
  async run(options: { done: () => boolean; start?: () => void }): Promise<void> {
    if (this.#clock) throw new Error("the virtual clock is already running");
    const clock = install({
      now: this.#now,
      toFake: ["setTimeout", "clearTimeout", "Date"],
      ignoreMissingTimers: true,
      // Timers set before the run (PGlite's, say) are real; clearing one during the run clears it for real.
      shouldClearNativeTimers: true,
    });
    this.#clock = clock;
    const fakeSetTimeout = globalThis.setTimeout;
    // A timer's callback runs in the async context that set it, as a real timer's would (each local Lambda
    // container keeps its environment in an AsyncLocalStorage).
    globalThis.setTimeout = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
      fakeSetTimeout(AsyncResource.bind(callback), ms, ...args)) as typeof setTimeout;
    const realFetch = globalThis.fetch;
    globalThis.fetch = (input, init) => this.io(bufferedFetch(realFetch, input, init));
    try {
      options.start?.();
      for (;;) {
        await this.#idle();
        if (options.done()) return;
        if (clock.countTimers() === 0) {
          throw new ClockStalledError("nothing is running and no timer is set, but the work is not done");
        }
        clock.next();
        this.jumps++;
      }
    } finally {
      globalThis.fetch = realFetch;
      this.#now = clock.now;
      clock.uninstall();
      this.#clock = null;
    }
  }

  /** Resolves once no real I/O is pending and every promise continuation has run. */
  async #idle(): Promise<void> {
    for (;;) {
      if (this.#pending > 0) await new Promise<void>((resolve) => this.#settled.push(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      if (this.#pending === 0) return;
    }
  }
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** A fetch whose response body has been read: the request is real I/O until the last byte has arrived. */
async function bufferedFetch(
  realFetch: typeof fetch,
  input: Parameters<typeof fetch>[0],
  init: Parameters<typeof fetch>[1],
): Promise<Response> {
  const response = await realFetch(input, init);
  const body = NULL_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer();
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
