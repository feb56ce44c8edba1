import { spawn } from "node:child_process";
import { mkdtemp, rm, stat, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { API_ROUTES } from "@medpipe/core/api";
import { TASK_VARIABLE, TASKS } from "@medpipe/core/workflow";
import { build, type Metafile } from "esbuild";

/** One Lambda's deployment bundle: minified bytes and the time a fresh Node.js takes to import it. */
export interface BundleFigures {
  bytes: number;
  importMs: number;
  /** The packages that contribute most of the bytes, largest first (`(app)` for the repository's own code). */
  largest: Array<{ from: string; bytes: number }>;
}

const root = fileURLToPath(new URL("../../", import.meta.url));

/**
 * The banner SST v2 puts on ESM bundles (sst/runtime/handlers/node.js): `require` and `__dirname` for the
 * CommonJS code bundled into ESM.
 */
const SST_ESM_BANNER = [
  `import { createRequire as topLevelCreateRequire } from 'module';`,
  `const require = topLevelCreateRequire(import.meta.url);`,
  `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
  `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
  "",
].join("\n");

/** Imports the file named by the first argument and prints the milliseconds the import took. */
const IMPORT_TIMER = [
  "const started = performance.now();",
  "await import(process.argv[1]);",
  "process.stdout.write(String(performance.now() - started));",
].join("\n");

/** Import timings per bundle: the median of this many fresh processes. */
const IMPORT_RUNS = 3;

/**
 * Builds every Lambda handler as the stacks deploy it (stacks/task-function.ts and stacks/Api.ts through SST v2's
 * Node.js builder: esbuild bundle for Node.js, ESM, target esnext, minified, names kept, `@aws-sdk/*` left to the
 * nodejs22.x runtime) into a temporary directory, and times importing each bundle in a fresh `node` with the
 * environment the function gets, so that its top-level code runs: every workflow and scheduled task, and every
 * route of the consult API.
 *
 * @example
 * (await measureBundles())["join-consult"].importMs;
 */
export async function measureBundles(): Promise<Record<string, BundleFigures>> {
  const dir = await mkdtemp(join(tmpdir(), "medpipe-bench-bundles-"));
  try {
    // The runtime provides the AWS SDK; here the repository's copy stands in for it.
    await symlink(join(root, "node_modules"), join(dir, "node_modules"), "dir");
    const figures: Array<[string, BundleFigures]> = [];
    const apiHandlers = new Set(API_ROUTES.map((route) => route.handler));
    for (const task of [...TASKS, ...apiHandlers]) {
      const outfile = join(dir, `${task}.mjs`);
      const { metafile } = await build({
        entryPoints: [join(root, "packages/functions/src", `${task}.ts`)],
        outfile,
        bundle: true,
        platform: "node",
        format: "esm",
        target: "esnext",
        mainFields: ["module", "main"],
        minify: true,
        keepNames: true,
        sourcemap: true,
        // Tasks leave the AWS SDK to the runtime (stacks/task-function.ts); API routes bundle it (stacks/Api.ts).
        external: ["sharp", "pg-native", ...(apiHandlers.has(task) ? [] : ["@aws-sdk/*"])],
        banner: { js: SST_ESM_BANNER },
        metafile: true,
        logLevel: "silent",
      });
      const timings: number[] = [];
      for (let run = 0; run < IMPORT_RUNS; run++) timings.push(await importMs(outfile, task));
      figures.push([
        task,
        {
          bytes: (await stat(outfile)).size,
          importMs: median(timings),
          largest: largestInputs(metafile, outfile),
        },
      ]);
    }
    return Object.fromEntries(figures);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The environment the stacks give a function (stacks/task-function.ts, stacks/Workflows.ts, stacks/Api.ts). */
function functionEnvironment(task: string): Record<string, string> {
  return {
    AWS_REGION: "eu-west-1",
    AWS_ACCESS_KEY_ID: "bench",
    AWS_SECRET_ACCESS_KEY: "bench",
    SST_APP: "medpipe",
    SST_STAGE: "bench",
    SST_Secret_value_SUPABASE_URL: "http://127.0.0.1:54321",
    SST_Secret_value_SUPABASE_SERVICE_ROLE_KEY: "bench",
    SST_Secret_value_SUPABASE_JWT_SECRET: "bench",
    [TASK_VARIABLE]: task,
    MEDPIPE_ACCOUNT: "000000000000",
    MEDPIPE_PARTITION: "aws",
    POWERTOOLS_SERVICE_NAME: "medpipe",
    RECORDINGS_BUCKET: "recordings",
    TRANSCRIPTS_BUCKET: "transcripts",
    MEDICAL_DATA_BUCKET: "medical-data",
    DATA_KEY_ARN: "arn:aws:kms:eu-west-1:000000000000:key/00000000-0000-4000-8000-000000000001",
  };
}

/** Milliseconds a fresh `node` takes to import the bundle, measured inside that process. */
async function importMs(file: string, task: string): Promise<number> {
  const child = spawn(process.execPath, ["--input-type=module", "-e", IMPORT_TIMER, file], {
    env: { PATH: process.env.PATH ?? "", ...functionEnvironment(task) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (data: string) => {
    stdout += data;
  });
  child.stderr.setEncoding("utf8").on("data", (data: string) => {
    stderr += data;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject).on("close", resolve);
  });
  const ms = Number(stdout);
  if (code !== 0 || !Number.isFinite(ms)) {
    throw new Error(`importing the ${task} bundle failed (exit ${code}): ${stderr.slice(0, 500)}`);
  }
  return ms;
}

/** The packages (by their node_modules name) contributing most bytes to the output. */
function largestInputs(metafile: Metafile, outfile: string): BundleFigures["largest"] {
  const output = Object.entries(metafile.outputs).find(([path]) =>
    outfile.endsWith(path.replace(/^.*\//, "")),
  );
  const totals = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.[1].inputs ?? {})) {
    const from = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? "(app)";
    totals.set(from, (totals.get(from) ?? 0) + bytesInOutput);
  }
  return [...totals]
    .sort(([, a], [, b]) => b - a)
    .slice(0, 5)
    .map(([from, bytes]) => ({ from, bytes }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
