import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const medpipe = fileURLToPath(new URL("../../bin/medpipe.js", import.meta.url));
const sample = fileURLToPath(
  new URL(
    "../../../../../shared/aws-reference/transcripts/transcribe-medical-batch-speaker-labels.json",
    import.meta.url,
  ),
);

async function run(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [medpipe, ...args], {
      env: { ...process.env, MEDPIPE_SNOMEDCT: "false", ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const once = { requests: 1, billedUnits: 1, floorUnits: 1 };

describe("medpipe entities plan", () => {
  it("prints one JSON object with the requests and units of each API, for the reference sample", async () => {
    const { code, stdout, stderr } = await run(["entities", "plan", sample]);
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

  it("plans InferSNOMEDCT when asked, or when the configuration turns SNOMED CT on", async () => {
    expect(JSON.parse((await run(["entities", "plan", "--snomedct", sample])).stdout).InferSNOMEDCT).toEqual(
      once,
    );
    const configured = await run(["entities", "plan", sample], { MEDPIPE_SNOMEDCT: "true" });
    expect(JSON.parse(configured.stdout).InferSNOMEDCT).toEqual(once);
    const refused = await run(["entities", "plan", "--no-snomedct", sample], { MEDPIPE_SNOMEDCT: "true" });
    expect(JSON.parse(refused.stdout)).not.toHaveProperty("InferSNOMEDCT");
  });

  it("exits 2 with one line naming the problem for a missing, non-JSON or malformed file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "medpipe-entities-"));
    const notJson = join(dir, "not.json");
    const malformed = join(dir, "malformed.json");
    await writeFile(notJson, "{");
    await writeFile(
      malformed,
      JSON.stringify({ results: { items: [{ type: "pronunciation", alternatives: [] }] } }),
    );
    const outcomes = await Promise.all(
      [join(dir, "missing.json"), notJson, malformed].map((f) => run(["entities", "plan", f])),
    );
    expect(outcomes.map((o) => [o.code, o.stdout])).toEqual([
      [2, ""],
      [2, ""],
      [2, ""],
    ]);
    for (const { stderr } of outcomes) expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(outcomes[0]?.stderr).toContain("ENOENT");
    expect(outcomes[1]?.stderr).toContain("not JSON");
    expect(outcomes[2]?.stderr).toContain("results.items[0]");
  });
});
