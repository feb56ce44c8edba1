import { readFile } from "node:fs/promises";
import { TASK_DEPENDENCIES, WORKFLOW_TASKS } from "@medpipe/core/workflow";
import { describe, expect, it } from "vitest";

/** The runtime modules through which a handler reaches the clinic's Supabase. */
const SUPABASE_MODULES = ['"./runtime/sink.js"', '"./runtime/capacity.js"'];

describe("each workflow task's dependencies", () => {
  it("name Supabase for every task whose handler reaches it, so that its state retries a database that did not answer", async () => {
    for (const task of WORKFLOW_TASKS) {
      const source = await readFile(new URL(`./${task}.ts`, import.meta.url), "utf8");
      const reachesSupabase = SUPABASE_MODULES.some((module) => source.includes(`from ${module}`));
      expect(TASK_DEPENDENCIES[task].includes("supabase"), task).toBe(reachesSupabase);
    }
  });
});
