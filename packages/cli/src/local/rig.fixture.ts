import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type EmbeddedSupabase, startTestSupabase } from "@medpipe/core/sink/embedded";
import { synthesize } from "../../../../stacks/synthesize.js";
import { LocalPipeline } from "./pipeline.js";
import { pipelineResults, runLogRows } from "./results.fixture.js";
import { type LocalStateMachine, stateMachinesOf } from "./state-machines.js";

/**
 * Test rig for whole-pipeline tests: the state machines synthesized once, one Supabase per test file (PGlite,
 * or the CI tier's PostgreSQL), and a fresh local pipeline with fresh stand-ins per test.
 */
export interface Rig {
  supabase: EmbeddedSupabase;
  machines: Map<string, LocalStateMachine>;
  pipeline(transcribeOutput: Buffer | object): Promise<LocalPipeline>;
  /** Every result row of the pipeline, without generated ids and timestamps, in a stable order. */
  results(): ReturnType<typeof pipelineResults>;
  runLog(): Promise<Record<string, unknown>[]>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRig(): Promise<Rig> {
  const { templates } = await synthesize({ stage: "local", checks: false });
  const machines = stateMachinesOf(templates["local-medpipe-Workflows"] as never);
  const supabase = await startTestSupabase();
  let current: LocalPipeline | undefined;

  return {
    supabase,
    machines,
    async pipeline(transcribeOutput) {
      current?.stop();
      current = await LocalPipeline.start({
        out: await mkdtemp(join(tmpdir(), "medpipe-test-")),
        machines,
        transcribeOutput: Buffer.isBuffer(transcribeOutput)
          ? transcribeOutput
          : Buffer.from(JSON.stringify(transcribeOutput)),
        supabase: { url: supabase.url, serviceRoleKey: supabase.serviceRoleKey },
      });
      return current;
    },
    results: () => pipelineResults(supabase),
    runLog: () => runLogRows(supabase),
    reset: () => supabase.reset(),
    async stop() {
      current?.stop();
      await supabase.stop();
    },
  };
}
