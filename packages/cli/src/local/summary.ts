import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { type EntitiesDocument, entitiesDocumentSchema } from "@medpipe/core/entities";
import { LOCAL_BUCKETS } from "./pipeline.js";
import type { ExecutionRecord } from "./step-functions.js";

/** The entities documents a local run wrote for a meeting, as production writes them to the medical-data bucket. */
export async function entitiesDocumentsOf(out: string, meetingId: string): Promise<EntitiesDocument[]> {
  const dir = join(out, LOCAL_BUCKETS.medicalData, "entities", meetingId);
  const files = await readdir(dir).catch(() => [] as string[]);
  return Promise.all(
    files
      .filter((f) => f.endsWith(".json"))
      .map(async (f) => entitiesDocumentSchema.parse(JSON.parse(await readFile(join(dir, f), "utf8")))),
  );
}

/** The last line `medpipe local` prints: what ran, what it found, where everything is. */
export function localSummary(options: {
  meetingId: string | null;
  executions: ExecutionRecord[];
  documents: EntitiesDocument[];
  out: string;
  realComprehend: boolean;
}) {
  const latest = options.documents.at(-1);
  return {
    meetingId: options.meetingId,
    executions: options.executions.map(({ name, workflow, status, stateTransitions }) => ({
      name,
      workflow,
      status,
      stateTransitions,
    })),
    entities: latest?.entities.length ?? 0,
    comprehend: latest?.comprehend ?? {},
    out: options.out,
    database: {
      engine: "embedded Postgres (PGlite) behind PostgREST",
      dataDir: join(options.out, "supabase"),
      serve: `npx medpipe db --out ${options.out}`,
    },
    standIns: {
      chimeMediaPipelines: "local stand-in (no audio is recorded)",
      transcribeMedical: "local stand-in returning the bundle's transcribe-output.json",
      comprehendMedical: options.realComprehend
        ? "Amazon Comprehend Medical (AWS)"
        : "offline lexicon stand-in",
      s3: `files under ${options.out}/<bucket>/<key>`,
    },
  };
}
