import { mkdir, readFile, writeFile } from "node:fs/promises";
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

/** Where a run keeps the settings it was deployed with, so that a reopened run (a replay) deploys the same. */
const SETTINGS_FILE = "deploy-settings.json";

/**
 * Opens the local pipeline on an output directory: the stacks synthesized for the local stage (with `settings`,
 * or those the run in `out` was first opened with) and deployed onto the stand-ins, the embedded Supabase
 * persisted under `<out>/supabase` (reopened if it exists).
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
    /** `MEDPIPE_*` settings to deploy with, e.g. `{ MEDPIPE_CONSENT_GATE: "off" }`. */
    settings?: Record<string, string>;
  },
): Promise<LocalRun> {
  const settings = options.settings ?? (await readSettings(options.out));
  await mkdir(options.out, { recursive: true });
  await writeFile(join(options.out, SETTINGS_FILE), `${JSON.stringify(settings)}\n`);
  const templates = await localTemplates(LOCAL_STAGE, settings);
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

async function readSettings(out: string): Promise<Record<string, string>> {
  const text = await readFile(join(out, SETTINGS_FILE), "utf8").catch(() => "{}");
  return JSON.parse(text) as Record<string, string>;
}
