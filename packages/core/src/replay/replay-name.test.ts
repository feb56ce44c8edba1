import { describe, expect, it } from "vitest";
import { idempotencyKey } from "../events/idempotency.js";
import { parseEventOrThrow } from "../events/parse.js";
import { started } from "./events.fixture.js";
import { asReplayed, original, replayNameAt, stageReplayName } from "./replay-name.js";

describe("a replay's name", () => {
  it("is medpipe- and the UTC time to the second", () => {
    expect(replayNameAt(new Date("2026-04-12T09:30:05.678Z"))).toBe("medpipe-20260412T093005");
  });

  it("of a deployed stage starts with the stage, so that two stages in one account never collide", () => {
    const at = new Date("2026-04-12T09:30:05Z");
    expect(stageReplayName("prod", at)).toBe("prod-medpipe-20260412T093005");
    expect(stageReplayName("staging", at)).not.toBe(stageReplayName("prod", at));
  });

  it("refuses a stage that would make no valid EventBridge replay name, naming --stage", () => {
    const at = new Date("2026-04-12T09:30:05Z");
    expect(stageReplayName("s".repeat(40), at)).toHaveLength(64);
    expect(() => stageReplayName("s".repeat(41), at)).toThrow(expect.objectContaining({ option: "--stage" }));
    expect(() => stageReplayName("my stage", at)).toThrow(expect.objectContaining({ option: "--stage" }));
  });

  it("gives a replayed event a new, readable idempotency key", () => {
    const name = replayNameAt(new Date("2026-04-12T09:30:05Z"));
    const replayed = parseEventOrThrow(asReplayed(started, name));
    expect(replayed.replayName).toBe(name);
    expect(replayed.idempotencyKey).toBe(`${started.id}_${name}`);
    expect(replayed.idempotencyKey).toBe(idempotencyKey(String(started.id), name));
  });
});

describe("a replayed event", () => {
  it("replaces the replay-name of an earlier replay, and can be taken back to the original", () => {
    const twice = asReplayed(asReplayed(started, "medpipe-1"), "medpipe-2");
    expect(twice["replay-name"]).toBe("medpipe-2");
    expect(original(twice)).toEqual(started);
    expect(started).not.toHaveProperty("replay-name");
  });
});
