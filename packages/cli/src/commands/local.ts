import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { InvalidOptionError } from "@medpipe/core/replay";
import { Command } from "commander";
import { exitOnUsageError, opsAction } from "../ops/command.js";

/** Marks a directory as a local run's output, so that a new run may clear it. */
const OUT_MARKER = ".medpipe-out";

/** `medpipe local <bundle-dir>`: one consult through the whole pipeline, with no AWS account. */
export const localCommand = new Command("local")
  .description("run a consult bundle through the real state machines and handlers, on this machine")
  .argument("<bundle-dir>", "a directory with events/*.json and transcribe-output.json")
  .option("--out <dir>", "where objects, the database and the run log go (default .medpipe/<bundle>)")
  .option("--aws", "call the real Amazon Comprehend Medical (AWS credentials from the default chain)")
  .option("--transcribe-seconds <seconds>", "how long the Transcribe Medical job takes (virtual seconds)")
  .exitOverride(exitOnUsageError)
  .action(
    opsAction(
      async (bundleDir: string, options: { out?: string; aws?: boolean; transcribeSeconds?: string }) => {
        const transcribeSeconds = secondsOption(options.transcribeSeconds);
        const bundle = await readBundle(bundleDir);
        const out = options.out ?? join(".medpipe", basename(bundleDir));
        await clearOut(out);
        // Loaded here, not at the top: the CDK, PGlite and the handlers take seconds other commands need not pay.
        const { openLocalRun } = await import("../local/run.js");
        const { entitiesDocumentsOf, localSummary } = await import("../local/summary.js");
        const { realisticTranscribeSeconds } = await import("../local/pipeline.js");
        const say = (line: string) => process.stdout.write(`${line}\n`);
        // Kept beside the run, so that `medpipe replay` and `medpipe redrive` can reopen it (ops/local.ts).
        await writeFile(join(out, "transcribe-output.json"), bundle.transcribeOutput);

        say(`medpipe local: ${bundle.events.length} events from ${bundleDir}, output in ${out}`);
        say(
          "stand-ins: Chime media pipelines, Transcribe Medical (bundle), S3 (versioned, Object Lock), SSM" +
            (options.aws ? "" : ", Comprehend Medical (offline lexicon)"),
        );
        say("synthesizing the stacks and starting the embedded Supabase (PGlite + PostgREST)...");
        // A bundle's meeting belongs to no consult: recorded without a consult's consent, as a meeting was before.
        say("consent gate: none applied (the bundle's meeting belongs to no consult)");
        const { pipeline, close } = await openLocalRun({
          out,
          settings: { MEDPIPE_CONSENT_GATE: "off" },
          start: bundle.startsAt,
          transcript: () => bundle.transcribeOutput,
          transcribeSeconds:
            transcribeSeconds === undefined ? realisticTranscribeSeconds : () => transcribeSeconds,
          realComprehend: options.aws ? { credentials: await awsCredentials() } : undefined,
          onExecution: (e) =>
            say(
              `  ${e.stopDate}  ${e.workflow.padEnd(18)} ${e.status.padEnd(9)} ${String(e.stateTransitions).padStart(3)} transitions  ${e.name}`,
            ),
        });
        try {
          for (const { event } of bundle.events) pipeline.deliver(event);
          await pipeline.drain();
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
        return pipeline.executions.some((e) => e.status !== "SUCCEEDED") ? 1 : 0;
      },
    ),
  );

function secondsOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 1) {
    throw new InvalidOptionError("--transcribe-seconds", "must be a whole number of seconds, at least 1");
  }
  return seconds;
}

async function readBundle(dir: string) {
  await stat(dir).catch(() => {
    throw new InvalidOptionError("<bundle-dir>", `${dir} does not exist`);
  });
  const names = await readdir(join(dir, "events")).catch(() => {
    throw new InvalidOptionError("<bundle-dir>", `${dir} has no events/ directory: not a consult bundle`);
  });
  const files = names.filter((f) => f.endsWith(".json")).sort();
  if (files.length === 0) throw new InvalidOptionError("<bundle-dir>", `${dir}/events holds no .json events`);
  const events = await Promise.all(
    files.map(async (file) => {
      try {
        return { file, event: JSON.parse(await readFile(join(dir, "events", file), "utf8")) as unknown };
      } catch {
        throw new InvalidOptionError("<bundle-dir>", `${dir}/events/${file} is not valid JSON`);
      }
    }),
  );
  const transcribeOutput = await readFile(join(dir, "transcribe-output.json")).catch(() => {
    throw new InvalidOptionError("<bundle-dir>", `${dir} has no transcribe-output.json`);
  });
  const first = events[0]?.event as { detail?: { meetingId?: unknown }; time?: unknown } | undefined;
  const meetingId = typeof first?.detail?.meetingId === "string" ? first.detail.meetingId : null;
  const times = events
    .map(({ event }) => Date.parse(String((event as { time?: unknown }).time)))
    .filter((time) => !Number.isNaN(time));
  const startsAt = new Date(times.length > 0 ? Math.min(...times) : Date.now());
  return { events, transcribeOutput, meetingId, startsAt };
}

async function clearOut(out: string): Promise<void> {
  const entries = await readdir(out).catch(() => null);
  if (entries !== null && entries.length > 0) {
    const marked = await stat(join(out, OUT_MARKER)).then(
      () => true,
      () => false,
    );
    if (!marked) {
      throw new InvalidOptionError(
        "--out",
        `${out} is not empty and not a medpipe output directory; choose another`,
      );
    }
    await rm(out, { recursive: true, force: true });
  }
  await mkdir(out, { recursive: true });
  await writeFile(join(out, OUT_MARKER), "written by medpipe local; safe to delete\n");
}

/** The default credential chain's credentials (profiles and SSO included), as the Lambda runtime hands them over. */
async function awsCredentials(): Promise<Record<string, string>> {
  const { fromNodeProviderChain } = await import("@aws-sdk/credential-providers");
  const credentials = await fromNodeProviderChain()();
  return {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
  };
}
