import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Failure } from "@medpipe/core/replay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failuresTable } from "./failures.js";

const BIN = fileURLToPath(new URL("../../bin/medpipe.js", import.meta.url));
const MEETING_ID = "16ca8b41-0ca0-4234-9645-68ed5e4c0a5f";
const EVENT_ID = "9fca4ca2-6b9f-4519-9abf-fda0c5a5ce72";

const failure: Failure = {
  source: "execution",
  time: "2026-04-12T09:08:00.000Z",
  workflow: "transcription",
  execution: "transcription-9fca4ca2-1",
  meetingId: MEETING_ID,
  step: "ExtractEntities",
  error: "ComprehendRequestError",
  cause: "DetectEntitiesV2 request 0 failed",
  idempotencyKey: EVENT_ID,
  eventId: EVENT_ID,
};

describe("the failures table", () => {
  it("shows one aligned row per failure with meeting, step, error and key, and - for what is unknown", () => {
    const letter: Failure = {
      ...failure,
      source: "dead-letter",
      execution: null,
      step: null,
      error: "SDK_CLIENT_ERROR",
    };
    const lines = failuresTable([failure, letter]).trimEnd().split("\n");
    expect(lines[0]).toMatch(/^TIME +SOURCE +WORKFLOW +MEETING +STEP +ERROR +IDEMPOTENCY KEY$/);
    expect(lines[1]?.split(/ {2,}/)).toEqual([
      failure.time,
      "execution",
      "transcription",
      MEETING_ID,
      "ExtractEntities",
      "ComprehendRequestError",
      EVENT_ID,
    ]);
    expect(lines[2]?.split(/ {2,}/)).toEqual([
      failure.time,
      "dead-letter",
      "transcription",
      MEETING_ID,
      "-",
      "SDK_CLIENT_ERROR",
      EVENT_ID,
    ]);
    expect(lines[1]?.indexOf(MEETING_ID)).toBe(lines[0]?.indexOf("MEETING"));
  });

  it("never shows the cause, which belongs in --json", () => {
    expect(failuresTable([failure])).not.toContain(failure.cause);
  });
});

describe("medpipe failures --out DIR --json", () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), "medpipe-failures-"));
    const record = {
      name: "transcription-9fca4ca2-1",
      workflow: "transcription",
      status: "FAILED",
      stateTransitions: 12,
      path: [],
      startDate: new Date(Date.now() - 60_000).toISOString(),
      stopDate: new Date().toISOString(),
      failedState: "ExtractEntities",
      error: "ComprehendRequestError",
      cause: "DetectEntitiesV2 request 0 failed",
      input: {
        version: "0",
        id: EVENT_ID,
        "detail-type": "Object Created",
        source: "aws.s3",
        account: "000000000000",
        time: new Date().toISOString(),
        region: "eu-west-1",
        detail: {
          bucket: { name: "recordings" },
          object: { key: `concatenated/${MEETING_ID}/audio/a.mp4`, size: 1 },
        },
      },
    };
    await writeFile(join(out, "executions.jsonl"), `${JSON.stringify(record)}\n`);
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it("prints one JSON array of the failures on stdout and exits 0", async () => {
    const run = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(
        process.execPath,
        [BIN, "failures", "--out", out, "--since", "1h", "--json"],
        (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout }),
      ),
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      expect.objectContaining({
        source: "execution",
        workflow: "transcription",
        execution: "transcription-9fca4ca2-1",
        meetingId: MEETING_ID,
        step: "ExtractEntities",
        error: "ComprehendRequestError",
        idempotencyKey: EVENT_ID,
      }),
    ]);
  });
});
