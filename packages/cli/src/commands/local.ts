import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { Command } from "commander";

/** Marks a directory as a local run's output, so that a new run may clear it. */
const OUT_MARKER = ".medpipe-out";

/** `medpipe local <bundle-dir>`: one consult through the whole pipeline, with no AWS account. */
export const localCommand = new Command("local")
  .description("run a consult bundle through the real state machines and handlers, on this machine")
  .argument("<bundle-dir>", "a directory with events/*.json and transcribe-output.json")
  .option("--out <dir>", "where objects, the database and the run log go (default .medpipe/<bundle>)")
  .option("--aws", "call the real Amazon Comprehend Medical (needs AWS credentials)")
  .action(async (bundleDir: string, options: { out?: string; aws?: boolean }) => {
    // Loaded here, not at the top: the CDK, PGlite and the handlers take seconds that other commands need not pay.
    const { openLocalRun } = await import("../local/run.js");
    const { entitiesDocumentsOf, localSummary } = await import("../local/summary.js");
    const out = options.out ?? join(".medpipe", basename(bundleDir));
    const say = (line: string) => process.stdout.write(`${line}\n`);
    const bundle = await readBundle(bundleDir);
    await clearOut(out);
    // Kept beside the run, so that `medpipe replay` and `medpipe redrive` can reopen it (ops/local.ts).
    await writeFile(join(out, "transcribe-output.json"), bundle.transcribeOutput);

    say(`medpipe local: ${bundle.events.length} events from ${bundleDir}, output in ${out}`);
    say(
      "stand-ins: Chime media pipelines and Transcribe Medical (bundle), S3 (local files)" +
        (options.aws ? "" : ", Comprehend Medical (offline lexicon)"),
    );
    say("synthesizing the stacks and starting the embedded Supabase (PGlite + PostgREST)...");
    const { pipeline, close } = await openLocalRun({
      out,
      transcribeOutput: bundle.transcribeOutput,
      realComprehend: options.aws ?? false,
      onExecution: (e) =>
        say(
          `  ${e.workflow.padEnd(18)} ${e.status.padEnd(9)} ${String(e.stateTransitions).padStart(3)} transitions  ${e.name}`,
        ),
    });
    try {
      for (const { file, event } of bundle.events) {
        say(`deliver ${file}`);
        pipeline.deliver(event);
        await pipeline.drain();
      }
    } finally {
      await close();
    }
    const meetingId = bundle.meetingId;
    const documents = meetingId ? await entitiesDocumentsOf(out, meetingId) : [];
    const summary = localSummary({
      meetingId,
      executions: pipeline.executions,
      documents,
      out,
      realComprehend: options.aws ?? false,
    });
    say(
      `done: ${summary.entities} entities; look at ${out}/medical-data, or serve the database with: ${summary.database.serve}`,
    );
    say(JSON.stringify(summary));
    if (pipeline.executions.some((e) => e.status !== "SUCCEEDED")) process.exitCode = 1;
  });

async function readBundle(dir: string) {
  const names = (await readdir(join(dir, "events"))).filter((f) => f.endsWith(".json")).sort();
  const events = await Promise.all(
    names.map(async (file) => ({
      file,
      event: JSON.parse(await readFile(join(dir, "events", file), "utf8")) as unknown,
    })),
  );
  const transcribeOutput = await readFile(join(dir, "transcribe-output.json"));
  const first = events[0]?.event as { detail?: { meetingId?: unknown } } | undefined;
  const meetingId = typeof first?.detail?.meetingId === "string" ? first.detail.meetingId : null;
  return { events, transcribeOutput, meetingId };
}

async function clearOut(out: string): Promise<void> {
  const exists = await stat(out).then(
    () => true,
    () => false,
  );
  if (exists) {
    const marked = await stat(join(out, OUT_MARKER)).then(
      () => true,
      () => false,
    );
    if (!marked) throw new Error(`${out} exists and is not a medpipe output directory; choose another --out`);
    await rm(out, { recursive: true, force: true });
  }
  await mkdir(out, { recursive: true });
  await writeFile(join(out, OUT_MARKER), "written by medpipe local; safe to delete\n");
}
