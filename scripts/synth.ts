import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { synthesizeStage } from "../stacks/synthesize.js";

const out = join("dist", "cloudformation");
const stage = process.env.MEDPIPE_STAGE ?? "dev";
const { templates, regions, findings } = await synthesizeStage({ stage });
await mkdir(out, { recursive: true });
for (const [name, template] of Object.entries(templates)) {
  await writeFile(join(out, `${name}.template.json`), `${JSON.stringify(template, null, 2)}\n`);
  process.stdout.write(`wrote ${join(out, `${name}.template.json`)} (${regions[name]})\n`);
}
await writeFile(join(out, "nag-findings.json"), `${JSON.stringify(findings, null, 2)}\n`);
process.stdout.write(`wrote ${join(out, "nag-findings.json")} (${findings.length} findings)\n`);
process.exit(findings.length === 0 ? 0 : 1);
