/**
 * A small deterministic generator (mulberry32): the same seed gives the same numbers in [0, 1), so that a failing
 * fault schedule or burst can be run again as it was.
 *
 * @example
 * const random = seeded(3); random(); // always the same first number
 */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
