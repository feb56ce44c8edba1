import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runClaim, STALE_AFTER_SECONDS } from "./consult-fixture.js";
import type { EmbeddedSupabase } from "./embedded/embedded-supabase.js";
import { startTestSupabase, testTierHasOneSession } from "./embedded/test-tier.js";
import type { RunClaim, RunFailure, Sink } from "./sink.js";
import { type SinkClient, sinkClient } from "./sink-client.js";
import { createSupabaseSink } from "./supabase-sink.js";
import { tables } from "./tables.js";

let supabase: EmbeddedSupabase;
let service: SinkClient;
let sink: Sink;
let admin: pg.Client;

beforeAll(async () => {
  supabase = await startTestSupabase();
  service = sinkClient({ url: supabase.url, serviceRoleKey: supabase.serviceRoleKey });
  sink = createSupabaseSink(service);
  admin = new pg.Client({ connectionString: supabase.databaseUrl });
  await admin.connect();
});
afterEach(() => supabase.reset());
afterAll(async () => {
  await admin?.end();
  await supabase?.stop();
});

const meetingId = "1e6bf4f5-f4b5-4917-b8c9-bda45c340706";

/** Execution `execution`'s claim on the event `key`, as the attendance workflow makes it. */
function claimBy(key: string, execution: string): RunClaim {
  return { ...runClaim(key, meetingId), execution };
}

const failure = (status: RunFailure["status"]): RunFailure => ({
  status,
  step: "RecordAttendance",
  error: status === "failed" ? "SinkError" : "States.Timeout",
  cause: status === "failed" ? "record_attendance failed: code 22P02 (HTTP 400)" : null,
});

async function runOf(key: string): Promise<Record<string, unknown> | undefined> {
  const { data, error } = await service.from(tables.pipelineRuns).select("*").eq("idempotency_key", key);
  if (error) throw new Error(error.code);
  return data[0];
}

/** Makes the run look last claimed `seconds` ago, as if its execution had gone quiet that long. */
async function ageRun(key: string, seconds: number): Promise<void> {
  await admin.query(
    "update public.pipeline_runs set updated_at = now() - make_interval(secs => $2) where idempotency_key = $1",
    [key, seconds],
  );
}

describe("finishing a run", () => {
  it("a late failure report from an old execution leaves the run a newer execution holds, and its success closes it", async () => {
    await sink.claimRun(claimBy("key-1", "exec-1"));
    expect(await sink.recordRunFailure(claimBy("key-1", "exec-1"), failure("failed"))).toBe("updated");
    expect(await sink.claimRun(claimBy("key-1", "exec-2"))).toBe("claimed");

    expect(await sink.recordRunFailure(claimBy("key-1", "exec-1"), failure("aborted"))).toBe("unchanged");
    expect(await sink.claimRun(claimBy("key-1", "exec-3"))).toBe("duplicate");
    expect(await sink.finishRun(claimBy("key-1", "exec-2"), { status: "succeeded" })).toEqual({
      finished: true,
    });

    expect(await runOf("key-1")).toMatchObject({
      status: "succeeded",
      execution: "exec-2",
      attempts: 2,
      error: null,
    });
  });

  it("an execution's success closes only the run it holds, not one another execution took over", async () => {
    await sink.claimRun(claimBy("key-2", "exec-1"));
    await ageRun("key-2", STALE_AFTER_SECONDS + 1);
    expect(await sink.claimRun(claimBy("key-2", "exec-2"))).toBe("claimed");

    expect(await sink.finishRun(claimBy("key-2", "exec-1"), { status: "succeeded" })).toEqual({
      finished: false,
    });
    expect(await runOf("key-2")).toMatchObject({ status: "running", execution: "exec-2" });
  });

  it("a failure report never reopens a succeeded run", async () => {
    await sink.claimRun(claimBy("key-3", "exec-1"));
    await sink.finishRun(claimBy("key-3", "exec-1"), { status: "succeeded" });

    expect(await sink.recordRunFailure(claimBy("key-3", "exec-1"), failure("failed"))).toBe("unchanged");
    expect(await runOf("key-3")).toMatchObject({ status: "succeeded", error: null });
  });
});

describe("closing a claim", () => {
  it.each([
    "failed",
    "timed-out",
    "aborted",
  ] as const)("an execution that %s closes its claim with the step and error, and a later delivery runs the event again", async (status) => {
    const key = `closed-${status}`;
    await sink.claimRun(claimBy(key, "exec-1"));

    expect(await sink.recordRunFailure(claimBy(key, "exec-1"), failure(status))).toBe("updated");
    expect(await runOf(key)).toMatchObject({
      status,
      execution: "exec-1",
      step: "RecordAttendance",
      error: failure(status).error,
    });
    expect(await sink.claimRun(claimBy(key, "exec-2"))).toBe("claimed");
    expect(await runOf(key)).toMatchObject({
      status: "running",
      execution: "exec-2",
      attempts: 2,
      step: null,
    });
  });

  it("an event too broken to be claimed is still listed, failed, without creating its meeting", async () => {
    expect(await sink.recordRunFailure(claimBy("never-claimed", "exec-1"), failure("failed"))).toBe(
      "inserted",
    );
    expect(await runOf("never-claimed")).toMatchObject({
      status: "failed",
      meeting_id: meetingId,
      step: "RecordAttendance",
      attempts: 1,
    });
    expect(await sink.findMeeting(meetingId)).toBeNull();
  });

  it("a claim left running past its bound is taken over as a new attempt; before it, it stays its execution's", async () => {
    await sink.claimRun(claimBy("key-4", "exec-1"));
    await ageRun("key-4", STALE_AFTER_SECONDS - 60);
    expect(await sink.claimRun(claimBy("key-4", "exec-2"))).toBe("duplicate");

    await ageRun("key-4", STALE_AFTER_SECONDS + 1);
    expect(await sink.claimRun(claimBy("key-4", "exec-2"))).toBe("claimed");
    expect(await runOf("key-4")).toMatchObject({ status: "running", execution: "exec-2", attempts: 2 });
  });

  it("a retried step of the holder refreshes its claim, so a long run is not taken over", async () => {
    await sink.claimRun(claimBy("key-5", "exec-1"));
    await ageRun("key-5", STALE_AFTER_SECONDS - 60);
    expect(await sink.claimRun(claimBy("key-5", "exec-1"))).toBe("claimed");
    await ageRun("key-5", 120);
    expect(await sink.claimRun(claimBy("key-5", "exec-2"))).toBe("duplicate");
    expect(await runOf("key-5")).toMatchObject({ execution: "exec-1", attempts: 1 });
  });

  it("refuses a claim without a bound", async () => {
    const unbounded = { ...claimBy("key-6", "exec-1"), staleAfterSeconds: undefined } as unknown as RunClaim;
    await expect(sink.claimRun(unbounded)).rejects.toMatchObject({ name: "SinkError", code: "22023" });
  });

  it.skipIf(testTierHasOneSession)(
    "of executions taking over one stale claim at once, exactly one wins (PostgreSQL: concurrent connections)",
    async () => {
      await sink.claimRun(claimBy("key-7", "exec-1"));
      await ageRun("key-7", STALE_AFTER_SECONDS + 1);
      const contenders = Array.from({ length: 8 }, (_, i) => claimBy("key-7", `exec-${i + 2}`));

      const decisions = await Promise.all(contenders.map((claim) => sink.claimRun(claim)));

      expect(decisions.filter((decision) => decision === "claimed")).toHaveLength(1);
      const winner = contenders[decisions.indexOf("claimed")]?.execution;
      expect(await runOf("key-7")).toMatchObject({ status: "running", execution: winner, attempts: 2 });
    },
  );
});
