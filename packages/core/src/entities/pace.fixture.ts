import type { Pace } from "./pace.js";

/** Test clock: time starts at 0 and moves only when every pending task sleeps; nothing really waits. */
export interface VirtualPace extends Pace {
  /** Every sleep asked for, in milliseconds, in order. */
  readonly sleeps: number[];
  /** Resolves once no task sleeps any more: whatever was left running has run. */
  settled(): Promise<void>;
}

export function virtualPace(): VirtualPace {
  let now = 0;
  const timers: Array<{ at: number; wake: () => void }> = [];
  let scheduled = false;
  // setImmediate runs after all pending promise callbacks, so every task has reached its sleep before time moves.
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      timers.sort((a, b) => a.at - b.at);
      const timer = timers.shift();
      if (!timer) return;
      now = Math.max(now, timer.at);
      timer.wake();
      if (timers.length > 0) schedule();
    });
  };
  const sleeps: number[] = [];
  return {
    sleeps,
    settled: async () => {
      while (scheduled || timers.length > 0) await new Promise((resolve) => setImmediate(resolve));
    },
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      return new Promise((wake) => {
        timers.push({ at: now + Math.max(0, ms), wake });
        schedule();
      });
    },
  };
}
