import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EXECUTION_NAME_MAX_LENGTH, idempotencyKey } from "./idempotency.js";

const ID = "6a7e8feb-b491-4cf7-a9f1-bf3703467718";
const EXECUTION_NAME = /^[A-Za-z0-9_-]+$/;
/** EventBridge replay names (StartReplay API reference). */
const replayName = fc.stringMatching(/^[.\-_A-Za-z0-9]{1,64}$/);

describe("idempotencyKey", () => {
  it("is the event id for an original event, so a duplicate delivery is recognised", () => {
    expect(idempotencyKey(ID, null)).toBe(ID);
    expect(idempotencyKey(ID, null)).toBe(idempotencyKey(ID, null));
  });

  it("is new for each replay, so a replayed MeetingEnded runs its workflow again", () => {
    expect(idempotencyKey(ID, "reprocess-2024-03")).toBe(`${ID}_reprocess-2024-03`);
    expect(idempotencyKey(ID, "reprocess-2024-03")).not.toBe(idempotencyKey(ID, "reprocess-2024-04"));
  });

  it("hashes a replay name that is not execution-name safe or would not fit, keeping the id", () => {
    const dotted = idempotencyKey(ID, "reprocess.2024.03");
    expect(dotted).toMatch(new RegExp(`^${ID}-[0-9a-f]{12}$`));
    expect(idempotencyKey(ID, "reprocess.2024.03")).toBe(dotted);
    expect(idempotencyKey(ID, "reprocess_2024_03")).toBe(`${ID}_reprocess_2024_03`);
    const long = "r".repeat(64);
    expect(idempotencyKey(ID, long)).toMatch(new RegExp(`^${ID}-[0-9a-f]{12}$`));
    expect(idempotencyKey(ID, "r".repeat(EXECUTION_NAME_MAX_LENGTH - 37))).toHaveLength(
      EXECUTION_NAME_MAX_LENGTH,
    );
  });

  it("is always a valid Step Functions execution name, and different replays never share a key", () => {
    fc.assert(
      fc.property(fc.uuid(), replayName, replayName, (id, a, b) => {
        for (const key of [idempotencyKey(id, null), idempotencyKey(id, a)]) {
          expect(key).toMatch(EXECUTION_NAME);
          expect(key.length).toBeLessThanOrEqual(EXECUTION_NAME_MAX_LENGTH);
        }
        expect(idempotencyKey(id, a)).not.toBe(idempotencyKey(id, null));
        if (a !== b) expect(idempotencyKey(id, a)).not.toBe(idempotencyKey(id, b));
      }),
      { numRuns: 2_000 },
    );
  });
});
