import { expect, it } from "vitest";
import { percentile } from "./join.js";

it("takes percentiles by nearest rank, whatever the order", () => {
  const values = [9, 1, 5, 3, 7, 2, 8, 4, 6, 10];
  expect(percentile(values, 0.5)).toBe(5);
  expect(percentile(values, 0.95)).toBe(10);
  expect(percentile(values, 0)).toBe(1);
  expect(percentile([], 0.95)).toBeNaN();
});
