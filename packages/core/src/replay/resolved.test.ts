import { expect, it } from "vitest";
import { audio, ended, joined } from "./events.fixture.js";
import { asReplayed } from "./replay-name.js";
import { resolvedEvents } from "./resolved.js";

it("an event is resolved when every execution a replay ran for it succeeded", () => {
  const replayed = (event: unknown) => asReplayed(event, "medpipe-20260412T110000");
  const resolved = resolvedEvents([
    { input: replayed(joined), status: "SUCCEEDED" },
    { input: replayed(audio), status: "SUCCEEDED" },
    { input: replayed(audio), status: "FAILED" },
    { input: replayed(ended), status: "RUNNING" },
    { input: "not an event", status: "SUCCEEDED" },
  ]);
  expect([...resolved]).toEqual([joined.id]);
});
