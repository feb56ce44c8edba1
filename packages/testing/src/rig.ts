import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type EmbeddedSupabase, startTestSupabase } from "@medpipe/core/sink/embedded";
import { LocalPipeline, type LocalPipelineOptions } from "../../cli/src/local/pipeline.js";
import { LOCAL_STAGE } from "../../cli/src/local/run.js";
import { localTemplates } from "../../cli/src/local/templates.js";
import { pipelineResults, runLogRows } from "./results.js";

/** What a test may set on a fresh pipeline: the transcript Transcribe returns, and the rest of the options. */
export type RigPipelineOptions = Partial<
  Omit<LocalPipelineOptions, "templates" | "stage" | "supabase" | "out" | "transcript">
> & {
  /** The consult's Transcribe output (a Buffer or an object), or a transcript per meeting. */
  transcript: Buffer | object | LocalPipelineOptions["transcript"];
};

/**
 * Test rig for whole-pipeline tests: the stacks synthesized once with `settings` (by default without the consent
 * gate), one Supabase per test file (PGlite, or the CI tier's PostgreSQL), and a fresh local pipeline with fresh
 * stand-ins per test, on a virtual clock.
 */
export interface Rig {
  supabase: EmbeddedSupabase;
  templates: LocalPipelineOptions["templates"];
  pipeline(options: RigPipelineOptions): Promise<LocalPipeline>;
  /** Every result row of the pipeline, without generated ids and timestamps, in a stable order. */
  results(): ReturnType<typeof pipelineResults>;
  runLog(): Promise<Record<string, unknown>[]>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Where a test's virtual clock starts unless it says otherwise. */
const DEFAULT_START = new Date("2026-03-02T09:00:00Z");

/** The rig's deployment settings: no consent gate, since a bundle's meeting belongs to no consult. */
const NO_CONSENT_GATE = { MEDPIPE_CONSENT_GATE: "off" };

export async function startRig(settings: Record<string, string> = NO_CONSENT_GATE): Promise<Rig> {
  const templates = await localTemplates(LOCAL_STAGE, settings);
  const supabase = await startTestSupabase();
  let current: LocalPipeline | undefined;

  return {
    supabase,
    templates,
    async pipeline({ transcript, ...options }) {
      current?.stop();
      const transcriptOf: LocalPipelineOptions["transcript"] =
        typeof transcript === "function"
          ? (transcript as LocalPipelineOptions["transcript"])
          : () => (Buffer.isBuffer(transcript) ? transcript : Buffer.from(JSON.stringify(transcript)));
      current = await LocalPipeline.start({
        start: DEFAULT_START,
        ...options,
        out: await mkdtemp(join(tmpdir(), "medpipe-test-")),
        templates,
        stage: LOCAL_STAGE,
        supabase: {
          url: supabase.url,
          serviceRoleKey: supabase.serviceRoleKey,
          jwtSecret: supabase.jwtSecret,
        },
        transcript: transcriptOf,
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

/** Delivers each event (at its own time on the virtual clock) and waits until all it set off has finished. */
export async function deliverInTurn(pipeline: LocalPipeline, ...events: unknown[]): Promise<void> {
  for (const event of events) {
    pipeline.deliver(event);
    await pipeline.drain();
  }
}

/** The finished executions of a workflow, latest attempt of each, in the order they finished. */
export function executionsOf(pipeline: LocalPipeline, workflow: string) {
  const latest = new Map<string, (typeof pipeline.executions)[number]>();
  for (const execution of pipeline.executions) {
    if (execution.workflow === workflow) latest.set(execution.arn, execution);
  }
  return [...latest.values()];
}
