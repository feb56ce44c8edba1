import { cpus, totalmem } from "node:os";
import { parseTranscribeOutput } from "@medpipe/core/transcript";
import { synthesize } from "../stacks/synthesize.js";
import { billingRatios } from "./bench/billing.js";
import { measureBundles } from "./bench/bundles.js";
import { BURST_SIZES, measureBurst } from "./bench/burst.js";
import { type ConsultRun, runConsult } from "./bench/consult-run.js";
import { benchConsult, CONSULT_MINUTES, TIMED_MINUTES } from "./bench/consults.js";
import { consultUsage, costOf, lambdaMemoryMb } from "./bench/cost.js";
import { measureJoinServerTime } from "./bench/join.js";
import { LOCAL_RUNS, type LocalRun, localTiming } from "./bench/local.js";
import { PRICES, PRICES_READ_ON } from "./bench/prices.js";
import { benchReport } from "./bench/report.js";
import { requestRatios } from "./bench/requests.js";
import { measureRls } from "./bench/rls.js";
import { benchTable } from "./bench/table.js";
import { transitionsOf } from "./bench/transitions.js";

// `npm run bench [-- --json]`: measures the pipeline on the benchmark's consults of 5, 30, 60 and 120 minutes
// and prints a table; with --json, the report as one JSON object on the last line. Progress goes to stderr.
const json = process.argv.includes("--json");
const say = (line: string) => process.stderr.write(`bench: ${line}\n`);

const transcripts = new Map(
  CONSULT_MINUTES.map((minutes) => [minutes, parseTranscribeOutput(benchConsult(minutes).transcribeOutput)]),
);
const billing = new Map(
  [...transcripts].map(([minutes, transcript]) => [minutes, billingRatios(transcript)]),
);
const requests = new Map(
  [...transcripts].map(([minutes, transcript]) => [minutes, requestRatios(transcript)]),
);

say("building every Lambda as deployed and timing its import");
const bundles = await measureBundles();

say("timing the join handler, warm, besides the Chime calls");
const join = await measureJoinServerTime();

say("synthesizing the stacks for the Lambda memory sizes");
const { templates } = await synthesize({ stage: "local", checks: false });
// Every stack's functions: a consult also runs some outside the Workflows stack (Ops holds objects as they land).
const memoryMb = Object.assign(
  {},
  ...Object.values(templates).map((template) =>
    lambdaMemoryMb(template as Parameters<typeof lambdaMemoryMb>[0]),
  ),
);

const runs: ConsultRun[] = [];
const localRuns: LocalRun[] = [];
for (const minutes of CONSULT_MINUTES) {
  const timed = minutes === TIMED_MINUTES;
  for (let repeat = 0; repeat < (timed ? LOCAL_RUNS : 1); repeat++) {
    say(`running the ${minutes}-minute consult through the local pipeline${timed ? ", and its floor" : ""}`);
    const run = await runConsult(minutes, { floor: timed });
    const failed = run.executions.filter((execution) => execution.status !== "SUCCEEDED");
    if (failed.length > 0) {
      throw new Error(
        `the ${minutes}-minute consult had failed executions: ${failed.map((e) => e.workflow)}`,
      );
    }
    if (repeat === 0) runs.push(run);
    if (run.floorMs !== null) localRuns.push({ ms: run.ms, floorMs: run.floorMs });
  }
}

say(
  `measuring row level security at volume on ${process.env.MEDPIPE_TEST_DATABASE_URL ? "PostgreSQL" : "PGlite"}`,
);
const rls = await measureRls();

const burst = new Map<number, Awaited<ReturnType<typeof measureBurst>>>();
for (const consults of BURST_SIZES) {
  say(`running a burst of ${consults} consults ending within 10 virtual minutes`);
  burst.set(consults, await measureBurst(consults));
}

const cpu = cpus();
const report = benchReport({
  date: new Date().toISOString(),
  machine: {
    cpus: cpu.length,
    cpuModel: cpu[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  },
  billing,
  requests,
  local: { minutes: TIMED_MINUTES, ...localTiming(localRuns) },
  bundles,
  join,
  transitions: new Map(runs.map((run) => [run.minutes, transitionsOf(run.executions)])),
  cost: new Map(runs.map((run) => [run.minutes, costOf(consultUsage(run, memoryMb), PRICES)])),
  pricesReadOn: PRICES_READ_ON,
  rls,
  burst,
});
process.stdout.write(benchTable(report));
if (json) process.stdout.write(`${JSON.stringify(report)}\n`);
