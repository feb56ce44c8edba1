import { join } from "node:path";
import { type EmbeddedSupabase, type SigningKeys, startEmbeddedSupabase } from "@medpipe/core/sink/embedded";
import { synthesize } from "../../../../stacks/synthesize.js";
import type { TranscribeOutput } from "./aws/transcribe.js";
import type { ExecutionRecord } from "./executions.js";
import { LocalPipeline } from "./pipeline.js";
import { stateMachinesOf } from "./state-machines.js";

export interface LocalRun {
  pipeline: LocalPipeline;
  supabase: EmbeddedSupabase;
  close(): Promise<void>;
}

/**
 * Opens the local pipeline on an output directory: the state machines synthesized from the stacks, the
 * embedded Supabase persisted under `<out>/supabase` (reopened if it exists), and the AWS stand-ins.
 *
 * @example
 * const run = await openLocalRun({ out: ".medpipe/demo", transcribeOutput });
 * run.pipeline.deliver(event); await run.pipeline.drain(); await run.close();
 */
export async function openLocalRun(options: {
  out: string;
  /** What Transcribe Medical returns: the bundle's output, or one per meeting (`medpipe serve`). */
  transcribeOutput: TranscribeOutput;
  realComprehend?: boolean;
  /** Sign the embedded Supabase's keys with these (a local stage's, kept beside it). */
  signingKeys?: SigningKeys;
  /** Run on this PostgreSQL server instead of the embedded PGlite. */
  databaseUrl?: string;
  onExecution?: (execution: ExecutionRecord) => void;
}): Promise<LocalRun> {
  const { templates } = await synthesize({ stage: "local", checks: false });
  const machines = stateMachinesOf(templates["local-medpipe-Workflows"] as never);
  const supabase = await startEmbeddedSupabase({
    ...(options.databaseUrl
      ? { databaseUrl: options.databaseUrl }
      : { dataDir: join(options.out, "supabase") }),
    signingKeys: options.signingKeys,
  });
  try {
    const pipeline = await LocalPipeline.start({
      out: options.out,
      machines,
      transcribeOutput: options.transcribeOutput,
      supabase: { url: supabase.url, serviceRoleKey: supabase.serviceRoleKey },
      realComprehend: options.realComprehend,
      onExecution: options.onExecution,
    });
    return {
      pipeline,
      supabase,
      close: async () => {
        pipeline.stop();
        await supabase.stop();
      },
    };
  } catch (error) {
    await supabase.stop();
    throw error;
  }
}
