// One burst through the local pipeline, in its own process: `node --import tsx burst-process.ts <consults>
// <result.json>`. Started by burst.ts; writes a BurstReport to the result file.
import { writeFile } from "node:fs/promises";
import { runBurst } from "@medpipe/testing/burst";
import { startRig } from "@medpipe/testing/rig";
import { BURST, burstQuotas } from "./burst.js";

const [consultsArg = "", resultFile = ""] = process.argv.slice(2);
const consults = Number(consultsArg);
const quotas = burstQuotas(consults);
const rig = await startRig({
  MEDPIPE_CONSENT_GATE: "off",
  MEDPIPE_MEDIA_PIPELINES_QUOTA: String(quotas.mediaPipelines),
});
try {
  const report = await runBurst(rig, { ...BURST, consults, quotas });
  await writeFile(resultFile, JSON.stringify(report));
} finally {
  await rig.stop();
}
