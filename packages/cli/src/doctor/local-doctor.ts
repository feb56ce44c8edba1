import { access } from "node:fs/promises";
import { join } from "node:path";
import type { PipelineConfig } from "@medpipe/core/config";
import { InvalidOptionError } from "@medpipe/core/replay";
import { defaultQuotas } from "../local/pipeline.js";
import {
  concurrencyCheck,
  type DoctorCheck,
  regionsCheck,
  reservedConcurrencyOf,
  schemaCheck,
} from "./checklist.js";
import { readSupabaseSchema } from "./supabase-schema.js";

/** What a local run has no account for: checked only against a deployed stage. */
const IN_AWS_ONLY = [
  "Media pipelines service-linked role",
  "SST secrets",
  "Chime media pipelines quota",
  "Alert subscriptions",
];

/**
 * Checks a local run (`medpipe local --out DIR`) as the doctor checks a stage, where a local run can be checked:
 * its embedded Supabase reopened with the migrations applied, the rig's Lambda concurrency against what the
 * stacks reserve, the medical services in the configured data region. What needs an AWS account is listed as
 * skipped.
 *
 * @example
 * const checks = await checkLocalRun({ out: ".medpipe/demo", config, templates });
 */
export async function checkLocalRun(options: {
  out: string;
  config: PipelineConfig;
  templates: Record<string, unknown>;
}): Promise<DoctorCheck[]> {
  const dataDir = join(options.out, "supabase");
  await access(dataDir).catch(() => {
    throw new InvalidOptionError(
      "--out",
      `${options.out} holds no database (no supabase/): run medpipe local first`,
    );
  });
  const { startEmbeddedSupabase } = await import("@medpipe/core/sink/embedded");
  const supabase = await startEmbeddedSupabase({ dataDir });
  let schema: DoctorCheck;
  try {
    schema = schemaCheck(await readSupabaseSchema(supabase));
  } finally {
    await supabase.stop();
  }
  return [
    ...IN_AWS_ONLY.map((check): DoctorCheck => ({ check, status: "skip", detail: "needs an AWS account" })),
    concurrencyCheck({
      accountLimit: defaultQuotas(options.config.stage).lambdaConcurrency,
      reserved: reservedConcurrencyOf(options.templates),
      extractions: options.config.capacity.extractions,
    }),
    schema,
    regionsCheck(options.config),
  ];
}
