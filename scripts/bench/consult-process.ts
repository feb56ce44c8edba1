// One consult through the local pipeline, in its own process: `node --import tsx consult-process.ts <minutes>
// <result.json> [--floor <floor-input.json>]`. Started by consult-run.ts; writes a ConsultRunResult to the result
// file and, with --floor, what the floor starts from (timed in a fresh process of its own by floor-process.ts).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requestUnits } from "@medpipe/core/entities";
import { openLocalRun } from "../../packages/cli/src/local/run.js";
import { entitiesDocumentsOf } from "../../packages/cli/src/local/summary.js";
import { codePointsOf } from "./billing.js";
import type { ConsultRunResult } from "./consult-run.js";
import { benchConsult } from "./consults.js";
import { type FloorFile, pipelineRows } from "./local.js";

const [minutesArg = "", resultFile = "", ...flags] = process.argv.slice(2);
const floorFile = flags[0] === "--floor" ? flags[1] : undefined;
const minutes = Number(minutesArg);
const bundle = benchConsult(minutes);
const meetingId = Object.values(bundle.events)[0]?.detail.meetingId ?? "";
const transcribeOutput = Buffer.from(JSON.stringify(bundle.transcribeOutput));
const out = await mkdtemp(join(tmpdir(), `medpipe-bench-${minutes}min-`));

try {
  const run = await openLocalRun({
    out,
    settings: { MEDPIPE_CONSENT_GATE: "off" },
    // Each invocation's "task succeeded" line (task, ms) is what the bench counts Lambda time from.
    logLevel: "INFO",
    transcript: () => transcribeOutput,
    start: new Date(Object.values(bundle.events)[0]?.time ?? Date.now()),
  });
  let result: ConsultRunResult;
  try {
    const started = performance.now();
    for (const event of Object.values(bundle.events)) {
      run.pipeline.deliver(event);
      await run.pipeline.drain();
    }
    const ms = performance.now() - started;
    const calls: ConsultRunResult["calls"] = {};
    const comprehendUnits: ConsultRunResult["comprehendUnits"] = {};
    for (const [client, stub] of Object.entries(run.pipeline.aws)) {
      for (const call of stub?.calls() ?? []) {
        const command = call.args[0] as { constructor: { name: string }; input: { Text?: string } };
        const name = command.constructor.name;
        calls[client] = { ...calls[client], [name]: (calls[client]?.[name] ?? 0) + 1 };
        if (client !== "comprehend") continue;
        const api = name.replace(/Command$/, "") as keyof typeof comprehendUnits;
        comprehendUnits[api] =
          (comprehendUnits[api] ?? 0) + requestUnits(codePointsOf(command.input.Text ?? ""));
      }
    }
    result = {
      minutes,
      ms,
      executions: run.pipeline.executions.map(({ workflow, status, stateTransitions }) => ({
        workflow,
        status,
        stateTransitions,
      })),
      calls,
      comprehendUnits,
    };
    if (floorFile) {
      const document = (await entitiesDocumentsOf(out, meetingId)).at(-1);
      if (!document) throw new Error(`the pipeline stored no entities document for meeting ${meetingId}`);
      const floor = { minutes, document, rows: await pipelineRows(run.supabase.databaseUrl, meetingId) };
      await writeFile(floorFile, JSON.stringify(floor satisfies FloorFile));
    }
  } finally {
    await run.close();
  }
  await writeFile(resultFile, JSON.stringify(result));
} finally {
  await rm(out, { recursive: true, force: true });
}
