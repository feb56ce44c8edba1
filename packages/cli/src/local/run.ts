import { join } from "node:path";
import { type EmbeddedSupabase, type SigningKeys, startEmbeddedSupabase } from "@medpipe/core/sink/embedded";
import { LocalPipeline, type LocalPipelineOptions } from "./pipeline.js";
import { localTemplates } from "./templates.js";

/** The stage local runs synthesize and deploy. */
export const LOCAL_STAGE = "local";

export interface LocalRun {
  pipeline: LocalPipeline;
  supabase: EmbeddedSupabase;
  close(): Promise<void>;
}

/**
 * Opens the local pipeline on an output directory: the stacks synthesized for the local stage and deployed onto
 * the stand-ins, the embedded Supabase persisted under `<out>/supabase` (reopened if it exists).
 *
 * @example
 * const run = await openLocalRun({ out: ".medpipe/demo", transcript: () => output, start });
 * run.pipeline.deliver(event); await run.pipeline.drain(); await run.close();
 */
export async function openLocalRun(
  options: Omit<LocalPipelineOptions, "templates" | "stage" | "supabase"> & {
    /** Run on this PostgreSQL server instead of the embedded PGlite. */
    databaseUrl?: string;
    /** Sign the embedded Supabase's keys with these (a local stage's, kept beside it). */
    signingKeys?: SigningKeys;
  },
): Promise<LocalRun> {
  const templates = await localTemplates(LOCAL_STAGE);
  const supabase = await startEmbeddedSupabase({
    ...(options.databaseUrl
      ? { databaseUrl: options.databaseUrl }
      : { dataDir: join(options.out, "supabase") }),
    signingKeys: options.signingKeys,
  });
  try {
    const pipeline = await LocalPipeline.start({
      ...options,
      templates,
      stage: LOCAL_STAGE,
      supabase: { url: supabase.url, serviceRoleKey: supabase.serviceRoleKey, jwtSecret: supabase.jwtSecret },
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
