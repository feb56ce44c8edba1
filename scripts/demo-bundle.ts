import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { consultBundle } from "../packages/cli/src/consult/bundle.js";

// Writes the demo consult bundle that `npm run demo` runs: `npx tsx scripts/demo-bundle.ts [out-dir]`
// (default examples/demo-consult). Pretty-printed, so that a change shows in review.
const out = process.argv[2] ?? fileURLToPath(new URL("../examples/demo-consult/", import.meta.url));
const bundle = consultBundle({ minutes: 6, seed: 412, startedAt: new Date("2026-04-12T09:00:00Z") });
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

await rm(join(out, "events"), { recursive: true, force: true });
await mkdir(join(out, "events"), { recursive: true });
for (const [file, event] of Object.entries(bundle.events))
  await writeFile(join(out, "events", file), json(event));
await writeFile(join(out, "transcribe-output.json"), json(bundle.transcribeOutput));
process.stdout.write(
  `wrote ${Object.keys(bundle.events).length} events and transcribe-output.json to ${out}\n`,
);
