import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { entitiesCommand } from "./entities.js";

const medpipe = fileURLToPath(new URL("../../bin/medpipe.js", import.meta.url));
const sample = fileURLToPath(
  new URL(
    "../../../../fixtures/aws-reference/transcripts/transcribe-medical-batch-speaker-labels.json",
    import.meta.url,
  ),
);

/** Runs the real CLI in a child process, as an operator would. */
async function spawn(args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [medpipe, ...args], {
      env: { ...process.env, MEDPIPE_SNOMEDCT: "false" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Runs `entities <args>` in this process, capturing what it writes. */
async function run(args: string[]) {
  const stdout = vi.spyOn(process.stdout, "write").mockReturnValue(true);
  const stderr = vi.spyOn(process.stderr, "write").mockReturnValue(true);
  await entitiesCommand.parseAsync(args, { from: "user" });
  const written = (spy: typeof stdout) => spy.mock.calls.map(([chunk]) => String(chunk)).join("");
  const result = { code: process.exitCode ?? 0, stdout: written(stdout), stderr: written(stderr) };
  stdout.mockRestore();
  stderr.mockRestore();
  process.exitCode = undefined;
  return result;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

const once = { requests: 1, billedUnits: 1, floorUnits: 1 };

describe("medpipe entities plan", () => {
  it("prints one JSON object with the requests and units of each API, for the reference sample", async () => {
    const { code, stdout, stderr } = await spawn(["entities", "plan", sample]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout.trim().split("\n")).toHaveLength(1);
    expect(JSON.parse(stdout)).toEqual({
      chars: 20,
      bytes: 20,
      DetectEntitiesV2: once,
      InferICD10CM: once,
      InferRxNorm: once,
    });
  });

  it("exits 2 with one line on stderr for a file that is not there", async () => {
    const { code, stdout, stderr } = await spawn([
      "entities",
      "plan",
      join(tmpdir(), "no-such-transcript.json"),
    ]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toMatch(/^cannot read transcript file .*no-such-transcript\.json: ENOENT\n$/);
  });

  it("plans InferSNOMEDCT when asked, or when the configuration turns SNOMED CT on and the flag does not refuse", async () => {
    vi.stubEnv("MEDPIPE_SNOMEDCT", "false");
    expect(JSON.parse((await run(["plan", sample])).stdout)).not.toHaveProperty("InferSNOMEDCT");
    expect(JSON.parse((await run(["plan", "--snomedct", sample])).stdout).InferSNOMEDCT).toEqual(once);
    vi.stubEnv("MEDPIPE_SNOMEDCT", "true");
    expect(JSON.parse((await run(["plan", sample])).stdout).InferSNOMEDCT).toEqual(once);
    expect(JSON.parse((await run(["plan", "--no-snomedct", sample])).stdout)).not.toHaveProperty(
      "InferSNOMEDCT",
    );
  });

  it("exits 2 with one line naming the problem for a non-JSON or malformed file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "medpipe-entities-"));
    const notJson = join(dir, "not.json");
    const malformed = join(dir, "malformed.json");
    await writeFile(notJson, "{");
    await writeFile(
      malformed,
      JSON.stringify({ results: { items: [{ type: "pronunciation", alternatives: [] }] } }),
    );
    const outcomes = [await run(["plan", notJson]), await run(["plan", malformed])];
    expect(outcomes.map((o) => [o.code, o.stdout])).toEqual([
      [2, ""],
      [2, ""],
    ]);
    expect(outcomes[0]?.stderr).toBe(`cannot read transcript file ${notJson}: not JSON\n`);
    expect(outcomes[1]?.stderr).toMatch(
      /^.*malformed\.json: invalid Transcribe output at results\.items\[0\]\.\S+: .*\n$/,
    );
  });
});
