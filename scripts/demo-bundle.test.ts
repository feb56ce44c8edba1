import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const SCRIPT = fileURLToPath(new URL("./demo-bundle.ts", import.meta.url));
const COMMITTED = fileURLToPath(new URL("../examples/demo-consult/", import.meta.url));

/** Every file of a bundle directory but its README, by path, with its text. */
async function bundleFiles(dir: string): Promise<Record<string, string>> {
  const paths = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && entry.name !== "README.md")
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length).replace(/^\//, ""));
  const files: Record<string, string> = {};
  for (const path of paths.sort()) files[path] = await readFile(join(dir, path), "utf8");
  return files;
}

describe("the demo consult bundle", () => {
  const out = mkdtemp(join(tmpdir(), "demo-bundle-"));
  afterAll(async () => rm(await out, { recursive: true, force: true }));

  it("is committed exactly as scripts/demo-bundle.ts writes it", async () => {
    const dir = await out;
    await promisify(execFile)(process.execPath, ["--import", "tsx", SCRIPT, dir]);
    const written = await bundleFiles(dir);
    expect(Object.keys(written)).toEqual([
      "events/01-meeting-started.json",
      "events/02-attendee-joined-clinician.json",
      "events/03-attendee-joined-patient.json",
      "events/04-attendee-left-patient.json",
      "events/05-attendee-left-clinician.json",
      "events/06-meeting-ended.json",
      "transcribe-output.json",
    ]);
    expect(await bundleFiles(COMMITTED)).toEqual(written);
  });
});
