import { readFile } from "node:fs/promises";
import { loadConfig } from "@medpipe/core/config";
import { planUsage } from "@medpipe/core/entities";
import { parseTranscribeOutput, TranscribeOutputError } from "@medpipe/core/transcript";
import { Command } from "commander";

/** Exit code for a transcript file that cannot be planned: unreadable, not JSON, or not Transcribe output. */
export const INVALID_TRANSCRIPT_EXIT_CODE = 2;

const plan = new Command("plan")
  .description(
    "print, as one JSON object, the Comprehend Medical requests and billed units a Transcribe output would need; calls nothing",
  )
  .argument("<transcribe-output.json>", "a Transcribe Medical batch output file")
  .option("--snomedct", "also plan InferSNOMEDCT (default: MEDPIPE_SNOMEDCT)")
  .option("--no-snomedct", "leave InferSNOMEDCT out")
  .action(async (file: string, options: { snomedct?: boolean }) => {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(file, "utf8"));
    } catch (error) {
      const reason =
        error instanceof SyntaxError ? "not JSON" : ((error as NodeJS.ErrnoException).code ?? "unreadable");
      return fail(`cannot read transcript file ${file}: ${reason}`);
    }
    let transcript: ReturnType<typeof parseTranscribeOutput>;
    try {
      transcript = parseTranscribeOutput(json);
    } catch (error) {
      if (error instanceof TranscribeOutputError) return fail(`${file}: ${error.message}`);
      throw error;
    }
    const snomedct = options.snomedct ?? loadConfig("local").entities.snomedct;
    process.stdout.write(`${JSON.stringify(planUsage(transcript, { snomedct }))}\n`);
  });

/**
 * `medpipe entities plan <transcribe-output.json>`: what extracting a consult's entities would send to Comprehend
 * Medical and cost, per API, beside the floor of ⌈chars/100⌉ units. A bad file exits with code 2 and one line on
 * stderr naming the problem.
 */
export const entitiesCommand = new Command("entities")
  .description("clinical entities of consult transcripts (Comprehend Medical)")
  .addCommand(plan);

function fail(line: string): void {
  process.stderr.write(`${line.replace(/\s+/g, " ")}\n`);
  process.exitCode = INVALID_TRANSCRIPT_EXIT_CODE;
}
