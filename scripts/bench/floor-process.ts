// The floor of the local figure, in a fresh process of its own as the consult's pipeline had one:
// `node --import tsx floor-process.ts <floor-input.json> <result.json>`. Started by consult-run.ts; writes
// `{ "floorMs": … }` to the result file.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchConsult } from "./consults.js";
import { type FloorFile, floorMs } from "./local.js";

const [inputFile = "", resultFile = ""] = process.argv.slice(2);
const { minutes, document, rows } = JSON.parse(await readFile(inputFile, "utf8")) as FloorFile;
const transcribeOutput = Buffer.from(JSON.stringify(benchConsult(minutes).transcribeOutput));
const dir = await mkdtemp(join(tmpdir(), `medpipe-bench-floor-${minutes}min-`));
try {
  const ms = await floorMs({ transcribeOutput, document, rows }, join(dir, "supabase"));
  await writeFile(resultFile, JSON.stringify({ floorMs: ms }));
} finally {
  await rm(dir, { recursive: true, force: true });
}
