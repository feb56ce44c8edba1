import { InferRxNormCommand } from "@aws-sdk/client-comprehendmedical";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { consultBundle } from "../consult/bundle.js";
import { faultRandomly, serviceError } from "./aws/stand-in.js";
import { installComprehendStandin } from "./comprehend-standin.js";
import type { LocalPipeline } from "./pipeline.js";
import { type Rig, startRig } from "./rig.fixture.js";
import type { ExecutionRecord } from "./step-functions.js";

// Log everything the handlers can log, so the PHI check below reads the most verbose output there is.
process.env.POWERTOOLS_LOG_LEVEL = "DEBUG";

const CANARY = "Quillfeather";
const bundle = consultBundle({ minutes: 3, seed: 11, startedAt: new Date("2026-05-04T14:00:00Z") });
const events = Object.entries(bundle.events)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([, event]) => event as unknown);
const transcribeOutput = withCanary(bundle.transcribeOutput);

/** The consult with the patient's surname, a canary no log line may ever contain, said in one turn. */
function withCanary(output: typeof bundle.transcribeOutput) {
  const copy = structuredClone(output) as {
    results: { items: { type: string; alternatives: { content: string }[] }[] };
  };
  const word = copy.results.items.filter((item) => item.type === "pronunciation")[5];
  if (word?.alternatives[0]) word.alternatives[0].content = CANARY;
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

async function deliverAll(pipeline: LocalPipeline, toDeliver: unknown[]) {
  for (const event of toDeliver) {
    pipeline.deliver(event);
    await pipeline.drain();
  }
}

const failed = (pipeline: LocalPipeline) => pipeline.executions.filter((e) => e.status !== "SUCCEEDED");
const replayOf = (execution: ExecutionRecord, name: string) => ({
  ...(execution.input as object),
  "replay-name": name,
});

describe("reliability", () => {
  let rig: Rig;
  let clean: Record<string, unknown[]>;

  beforeAll(async () => {
    rig = await startRig();
    const pipeline = await rig.pipeline(transcribeOutput);
    await deliverAll(pipeline, events);
    expect(failed(pipeline)).toEqual([]);
    clean = await rig.results();
    expect(clean.entities?.length).toBeGreaterThan(0);
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

  it("ends in the same database as one clean pass when every event arrives up to three times in any order", async () => {
    const schedule = fc
      .tuple(
        fc.shuffledSubarray([...events.keys()], { minLength: events.length, maxLength: events.length }),
        fc.array(fc.tuple(fc.nat(events.length - 1), fc.nat(3 * events.length)), {
          maxLength: 2 * events.length,
        }),
      )
      .map(([order, extras]) => {
        const deliveries = [...order];
        for (const [event, position] of extras) {
          if (deliveries.filter((d) => d === event).length < 3)
            deliveries.splice(position % (deliveries.length + 1), 0, event);
        }
        return deliveries;
      });
    await fc.assert(
      fc.asyncProperty(schedule, async (deliveries) => {
        await rig.reset();
        const pipeline = await rig.pipeline(transcribeOutput);
        await deliverAll(
          pipeline,
          deliveries.map((i) => events[i]),
        );
        expect(failed(pipeline)).toEqual([]);
        expect(await rig.results()).toEqual(clean);
      }),
      { numRuns: 12 },
    );
  });

  it.each([
    1, 2, 3,
  ])("completes every consult when a fifth of AWS calls throttle or fail with 5xx (seed %i)", async (seed) => {
    const pipeline = await rig.pipeline(transcribeOutput);
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
      comprehend: [serviceError("ThrottlingException", 400), serviceError("InternalServerException", 500)],
    };
    const injected = Object.entries(faults).map(([service, list]) =>
      faultRandomly(pipeline.aws[service as keyof typeof faults] as never, {
        rate: 0.2,
        random,
        faults: list,
      }),
    );
    await deliverAll(pipeline, events);
    expect(injected.reduce((sum, count) => sum + count.injected, 0)).toBeGreaterThan(0);
    expect(failed(pipeline)).toEqual([]);
    expect(await rig.results()).toEqual(clean);
  });

  it("sends a permanent failure to the failure path with its reason, and completes it after a replay", async () => {
    const pipeline = await rig.pipeline(transcribeOutput);
    pipeline.aws.comprehend?.on(InferRxNormCommand).rejects(
      Object.assign(new Error("not authorized"), {
        name: "AccessDeniedException",
        $metadata: { httpStatusCode: 400 },
      }),
    );
    await deliverAll(pipeline, events);
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
    await deliverAll(pipeline, [replayOf(failure as ExecutionRecord, "after-access-fix")]);
    expect(pipeline.executions.at(-1)?.status).toBe("SUCCEEDED");
    expect(await rig.results()).toEqual(clean);
  });

  it("retries the ingest while Supabase is briefly unreachable, and loses nothing", async () => {
    const pipeline = await rig.pipeline(transcribeOutput);
    outage.down = (attempt) => attempt <= 3;
    await deliverAll(pipeline, events);
    expect(failed(pipeline)).toEqual([]);
    expect(outage.attempts).toBe(4);
    expect(await rig.results()).toEqual(clean);
  });

  it("keeps the entities document when Supabase stays down, and posts it after recovery", async () => {
    const pipeline = await rig.pipeline(transcribeOutput);
    outage.down = () => true;
    await deliverAll(pipeline, events);
    const [failure] = failed(pipeline);
    expect(failure).toMatchObject({
      workflow: "transcription",
      failedState: "PostResults",
      error: "SinkError",
    });
    expect((await rig.results()).transcripts).toEqual([]);

    outage.down = () => false;
    await deliverAll(pipeline, [replayOf(failure as ExecutionRecord, "after-supabase-outage")]);
    expect(pipeline.executions.at(-1)?.status).toBe("SUCCEEDED");
    expect(await rig.results()).toEqual(clean);
  });

  it("never writes transcript text to a log line", async () => {
    const lines: string[] = [];
    const capture = (stream: NodeJS.WriteStream) => {
      const write = stream.write.bind(stream);
      stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
        lines.push(String(chunk));
        return write(chunk, ...rest);
      }) as typeof stream.write;
      return () => {
        stream.write = write;
      };
    };
    const restore = [capture(process.stdout), capture(process.stderr)];
    try {
      const pipeline = await rig.pipeline(transcribeOutput);
      outage.down = (attempt) => attempt === 1;
      await deliverAll(pipeline, events);
    } finally {
      for (const undo of restore) undo();
    }
    expect(JSON.stringify(await rig.results())).toContain(CANARY);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => line.includes(CANARY))).toEqual([]);
  });
});

/** A small deterministic generator (mulberry32), so a failing fault schedule can be re-run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
