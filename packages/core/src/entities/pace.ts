/** Time as the pacing and retries see it; tests pass a virtual clock so that nothing really waits. */
export interface Pace {
  /** Milliseconds since some fixed moment. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realPace: Pace = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
