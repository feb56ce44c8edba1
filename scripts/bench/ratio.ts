/**
 * How many times the floor a measured figure is: 1 is the floor itself. Nothing measured against a floor of
 * nothing is 1 (an empty consult costs nothing either way).
 *
 * @example
 * ratio(484, 482); // 1.0041…
 */
export function ratio(measured: number, floor: number): number {
  if (floor === 0) return measured === 0 ? 1 : Number.POSITIVE_INFINITY;
  return measured / floor;
}
