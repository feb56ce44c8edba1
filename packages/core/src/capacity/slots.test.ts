import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type EmbeddedSupabase, startTestSupabase } from "../sink/embedded/index.js";
import { sinkClient } from "../sink/sink-client.js";
import { mediaPipelineSlots } from "./media-pipeline-slots.js";
import { type CapacitySlots, supabaseCapacitySlots } from "./slots.js";

let supabase: EmbeddedSupabase;
let slots: CapacitySlots;
const slot = (holder: string, limit = 3, ttlSeconds = 600) =>
  slots.acquire({ resource: "transcribe-jobs", holder, limit, ttlSeconds });

beforeAll(async () => {
  supabase = await startTestSupabase();
  slots = supabaseCapacitySlots(sinkClient({ url: supabase.url, serviceRoleKey: supabase.serviceRoleKey }));
});
afterAll(() => supabase?.stop());
beforeEach(() => supabase.reset());

describe("capacity slots", () => {
  it("grant no more slots of a resource than its limit, however many ask at once", async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => slot(`job:${i}`, 5)));
    expect(answers.filter((answer) => answer.granted)).toHaveLength(5);
    expect(Math.max(...answers.map((answer) => answer.inUse))).toBe(5);
  });

  it("let a holder that has a slot keep it when it asks again, and free it once it releases", async () => {
    for (const holder of ["job:a", "job:b", "job:c"]) expect((await slot(holder)).granted).toBe(true);
    expect(await slot("job:a")).toEqual({ granted: true, inUse: 3 });
    expect(await slot("job:d")).toEqual({ granted: false, inUse: 3 });
    expect(await slots.release("transcribe-jobs", "job:b")).toBe(true);
    expect(await slots.release("transcribe-jobs", "job:b")).toBe(false);
    expect(await slot("job:d")).toEqual({ granted: true, inUse: 3 });
  });

  it("give a freed slot to the first in line: the highest priority, then the first to ask", async () => {
    const ask = (holder: string, priority: number) =>
      slots.acquire({ resource: "transcribe-jobs", holder, limit: 1, ttlSeconds: 600, priority });
    expect((await ask("job:running", 0)).granted).toBe(true);
    expect((await ask("job:short", 300)).granted).toBe(false);
    expect((await ask("job:long", 3600)).granted).toBe(false);
    expect((await ask("job:also-short", 300)).granted).toBe(false);
    await slots.release("transcribe-jobs", "job:running");
    expect((await ask("job:short", 300)).granted).toBe(false);
    expect((await ask("job:long", 3600)).granted).toBe(true);
    await slots.release("transcribe-jobs", "job:long");
    expect((await ask("job:also-short", 300)).granted).toBe(false);
    expect((await ask("job:short", 300)).granted).toBe(true);
  });

  it("free a slot its holder never released once its time is up", async () => {
    expect((await slot("job:crashed", 1, 0.001)).granted).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await slot("job:next", 1)).toEqual({ granted: true, inUse: 1 });
  });

  it("count each resource apart", async () => {
    expect((await slot("job:a", 1)).granted).toBe(true);
    const extraction = await slots.acquire({
      resource: "extractions",
      holder: "extraction:m",
      limit: 1,
      ttlSeconds: 60,
    });
    expect(extraction.granted).toBe(true);
  });

  it("refuse a limit or a lifetime that is not positive, naming neither a value nor PHI", async () => {
    await expect(slot("job:a", 0)).rejects.toMatchObject({ name: "SinkError", code: "22023" });
    await expect(slot("job:a", 1, 0)).rejects.toMatchObject({ name: "SinkError", code: "22023" });
  });
});

describe("a meeting's media pipeline slots", () => {
  it("hold its capture and its concatenation apart, both counted against the region's quota", async () => {
    const pipelines = mediaPipelineSlots(slots, {
      limit: 3,
      ttlSeconds: { capture: 600, concatenation: 600 },
    });
    expect(await pipelines.take("capture", "m-1")).toBe(true);
    expect(await pipelines.take("capture", "m-2")).toBe(true);
    expect(await pipelines.take("concatenation", "m-1")).toBe(true);
    expect(await pipelines.take("capture", "m-3")).toBe(false);
    await pipelines.free("capture", "m-1");
    expect(await pipelines.take("capture", "m-3")).toBe(true);
  });
});
