import { loadConfig, type PipelineConfig } from "@medpipe/core/config";
import * as z from "zod";

const variables = z.object({
  SST_STAGE: z.string().min(1),
  MEDPIPE_ACCOUNT: z.string().min(1),
  MEDPIPE_PARTITION: z.string().min(1),
  RECORDINGS_BUCKET: z.string().min(1),
  TRANSCRIPTS_BUCKET: z.string().min(1),
  MEDICAL_DATA_BUCKET: z.string().min(1),
  DATA_KEY_ARN: z.string().min(1),
});

export interface Environment {
  config: PipelineConfig;
  account: string;
  partition: string;
  buckets: { recordings: string; transcripts: string; medicalData: string };
  dataKeyArn: string;
}

let environment: Environment | undefined;
let config: PipelineConfig | undefined;

/** The stage's configuration (regions, limits), read once per container: all a function without buckets needs. */
export function useConfig(): PipelineConfig {
  const stage = process.env.SST_STAGE;
  if (!stage) throw new Error("function environment: SST_STAGE missing");
  config ??= loadConfig(stage, process.env);
  return config;
}

/** The function's environment as the stacks set it for the workflow tasks, read once per container. */
export function useEnvironment(): Environment {
  if (environment) return environment;
  const parsed = variables.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(
      `function environment: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")} missing`,
    );
  }
  const env = parsed.data;
  environment = {
    config: useConfig(),
    account: env.MEDPIPE_ACCOUNT,
    partition: env.MEDPIPE_PARTITION,
    buckets: {
      recordings: env.RECORDINGS_BUCKET,
      transcripts: env.TRANSCRIPTS_BUCKET,
      medicalData: env.MEDICAL_DATA_BUCKET,
    },
    dataKeyArn: env.DATA_KEY_ARN,
  };
  return environment;
}
