import { describe, expect, it } from "vitest";
import { lambdaInvocationsOf } from "./consult-run.js";

describe("consult run", () => {
  it("counts one Lambda invocation per task's closing log line, succeeded or failed", () => {
    const logs = [
      '{"level":"INFO","message":"task succeeded","service":"medpipe","task":"record-failure","ms":70}',
      '{"level":"INFO","message":"sink call","task":"record-failure"}',
      '{"level":"ERROR","message":"task failed","task":"post-results","error":"SinkError","ms":12}',
      "not a log line",
      "{broken",
      "",
    ].join("\n");
    expect(lambdaInvocationsOf(logs)).toEqual([
      { task: "record-failure", ms: 70 },
      { task: "post-results", ms: 12 },
    ]);
  });
});
