import { InferRxNormCommand } from "@aws-sdk/client-comprehendmedical";
import { faultRandomly, serviceError } from "@medpipe/testing/faults";
import { linesLoggedDuring } from "@medpipe/testing/logs";
import { seeded } from "@medpipe/testing/random";
import { consultOutcome } from "@medpipe/testing/results";
import { deliverInTurn, type Rig, startRig } from "@medpipe/testing/rig";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { consultBundle } from "../consult/bundle.js";
import { installComprehendStandin } from "./comprehend-standin.js";
import type { LocalPipeline } from "./pipeline.js";
import type { ExecutionRecord } from "./step-functions.js";

const CANARY = "Quillfeather";
const bundle = consultBundle({ minutes: 3, seed: 11, startedAt: new Date("2026-05-04T14:00:00Z") });
const events = Object.entries(bundle.events)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([, event]) => event as unknown);
const transcribeOutput = withCanary(bundle.transcribeOutput);

/** The consult with the patient's surname, a canary no log line may ever contain, said in one turn. */
function withCanary(output: typeof bundle.transcribeOutput) {
  const copy = structuredClone(output) as {
    results: {
      transcripts: { transcript: string }[];
      items: { type: string; alternatives: { content: string }[] }[];
    };
  };
  const word = copy.results.items.filter((item) => item.type === "pronunciation")[5]?.alternatives[0];
  const text = copy.results.transcripts[0];
  if (!word || !text) throw new Error("the consult has no sixth word");
  text.transcript = text.transcript.replace(word.content, CANARY);
  word.content = CANARY;
  return copy;
}

/** Fails supabase-js requests to one RPC while `down` says so, as an unreachable Supabase would. */
const outage = { rpc: "ingest_transcript", down: (_attempt: number) => false, attempts: 0 };
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  if (String(input instanceof Request ? input.url : input).endsWith(`/rpc/${outage.rpc}`)) {
    if (outage.down(++outage.attempts)) throw new TypeError("fetch failed");
  }
  return realFetch(input, init);
};

const failed = (pipeline: LocalPipeline) => pipeline.executions.filter((e) => e.status !== "SUCCEEDED");
const replayOf = (execution: ExecutionRecord, name: string) => ({
  ...(execution.input as object),
  "replay-name": name,
});

describe("reliability", () => {
  let rig: Rig;
  let clean: ReturnType<typeof consultOutcome>;

  beforeAll(async () => {
    rig = await startRig();
    const pipeline = await rig.pipeline({ transcript: transcribeOutput });
    await deliverInTurn(pipeline, ...events);
    expect(failed(pipeline)).toEqual([]);
    clean = consultOutcome(await rig.results());
    expect(clean.entities.length).toBeGreaterThan(0);
  });
  afterAll(async () => {
    globalThis.fetch = realFetch;
    await rig.stop();
  });
  beforeEach(async () => {
    outage.down = () => false;
    outage.attempts = 0;
    await rig.reset();
  });

  it.each([
    1, 2, 3,
  ])("completes every consult when a fifth of AWS calls throttle or fail with 5xx (seed %i)", async (seed) => {
    const pipeline = await rig.pipeline({ transcript: transcribeOutput });
    const random = seeded(seed);
    const faults = {
      s3: [serviceError("SlowDown", 503), serviceError("InternalError", 500)],
      chime: [
        serviceError("ThrottledClientException", 429),
        serviceError("ServiceUnavailableException", 503),
      ],
      transcribe: [
        serviceError("LimitExceededException", 400),
        serviceError("InternalFailureException", 500),
      ],
      comprehend: [
        serviceError("TooManyRequestsException", 400),
        serviceError("InternalServerException", 500),
      ],
    };
    const injected = Object.entries(faults).map(([service, list]) =>
      faultRandomly(pipeline.aws[service as keyof typeof faults] as never, {
        rate: 0.2,
        random,
        faults: list,
      }),
    );
    await deliverInTurn(pipeline, ...events);
    expect(injected.reduce((sum, count) => sum + count.injected, 0)).toBeGreaterThan(0);
    expect(failed(pipeline)).toEqual([]);
    expect(consultOutcome(await rig.results())).toEqual(clean);
  });

  it("fails a permanent cause at its task with the reason, and completes it after the fix and a replay", async () => {
    const pipeline = await rig.pipeline({ transcript: transcribeOutput });
    pipeline.aws.comprehend?.on(InferRxNormCommand).rejects(
      Object.assign(new Error("not authorized"), {
        name: "AccessDeniedException",
        $metadata: { httpStatusCode: 400 },
      }),
    );
    await deliverInTurn(pipeline, ...events);
    const [failure] = failed(pipeline);
    expect(failure).toMatchObject({ workflow: "transcription", failedState: "ExtractEntities" });
    expect(await rig.runLog()).toContainEqual(
      expect.objectContaining({
        status: "failed",
        step: "ExtractEntities",
        cause: expect.stringContaining("AccessDeniedException"),
      }),
    );

    installComprehendStandin(pipeline.aws.comprehend as never);
    await deliverInTurn(pipeline, replayOf(failure as ExecutionRecord, "after-access-fix"));
    expect(pipeline.executions.at(-1)?.status).toBe("SUCCEEDED");
    expect(consultOutcome(await rig.results())).toEqual(clean);
  });

  it("retries the ingest while Supabase is briefly unreachable, and loses nothing", async () => {
    const pipeline = await rig.pipeline({ transcript: transcribeOutput });
    outage.down = (attempt) => attempt <= 3;
    await deliverInTurn(pipeline, ...events);
    expect(failed(pipeline)).toEqual([]);
    expect(outage.attempts).toBe(4);
    expect(consultOutcome(await rig.results())).toEqual(clean);
  });

  it("keeps the entities document when Supabase stays down, and posts it when redriven after recovery", async () => {
    const pipeline = await rig.pipeline({ transcript: transcribeOutput });
    outage.down = () => true;
    await deliverInTurn(pipeline, ...events);
    const [failure] = failed(pipeline) as [ExecutionRecord];
    expect(failure).toMatchObject({
      workflow: "transcription",
      failedState: "PostResults",
      error: "SinkUnavailableError",
    });
    expect((await rig.results()).transcripts).toEqual([]);

    outage.down = () => false;
    const redriven = await pipeline.redrive(failure.name);
    expect(redriven.status).toBe("SUCCEEDED");
    expect(consultOutcome(await rig.results())).toEqual(clean);
  });

  it("never writes transcript text to a log line, even at DEBUG and through a retried ingest", async () => {
    const lines = await linesLoggedDuring(async () => {
      const pipeline = await rig.pipeline({ transcript: transcribeOutput, logLevel: "DEBUG" });
      outage.down = (attempt) => attempt === 1;
      await deliverInTurn(pipeline, ...events);
    });
    expect(JSON.stringify(await rig.results())).toContain(CANARY);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => line.includes(CANARY))).toEqual([]);
  });

  it("never quotes a malformed transcript in a log line or the run log", async () => {
    // An unquoted transcript: JSON.parse's SyntaxError would quote the words around the bad token.
    const malformed = Buffer.from(
      JSON.stringify(transcribeOutput).replace('"transcript":"', `"transcript":${CANARY} `),
    );
    expect(() => JSON.parse(malformed.toString())).toThrow(CANARY.slice(0, 8));
    let pipeline: LocalPipeline | undefined;
    const lines = await linesLoggedDuring(async () => {
      pipeline = await rig.pipeline({ transcript: malformed, logLevel: "DEBUG" });
      await deliverInTurn(pipeline, ...events);
    });
    expect(failed(pipeline as LocalPipeline)).toEqual([
      expect.objectContaining({ workflow: "transcription", failedState: "ExtractEntities" }),
    ]);
    const runLog = JSON.stringify(await rig.runLog());
    expect(runLog).toContain("TranscribeOutputError");
    expect(runLog).not.toContain(CANARY.slice(0, 8));
    expect(JSON.stringify(pipeline?.executions)).not.toContain(CANARY.slice(0, 8));
    expect(lines.filter((line) => line.includes(CANARY.slice(0, 8)))).toEqual([]);
  });
});
