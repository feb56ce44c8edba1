import * as z from "zod";
import { CONCURRENT_EXTRACTIONS } from "../entities/limits.js";
import { mediaPipelinesIn, TRANSCRIBE_MEDICAL_CONCURRENT_JOBS } from "../quotas/figures.js";
import { RETENTION_DAYS } from "../retention/period.js";
import {
  chimeMediaPipelineRegions,
  chimeMediaRegions,
  chimeMeetingControlRegions,
  comprehendMedicalRegions,
  transcribeMedicalRegions,
} from "./regions.js";

export {
  chimeMediaPipelineRegions,
  chimeMediaRegions,
  chimeMeetingControlRegions,
  comprehendMedicalRegions,
  transcribeMedicalRegions,
} from "./regions.js";

export const APP_NAME = "medpipe";

/** Stages whose data is real patient data: COMPLIANCE lock mode, retained on `sst remove`. */
export const PRODUCTION_STAGES: readonly string[] = ["prod", "production"];

export type LockMode = "GOVERNANCE" | "COMPLIANCE";

export interface Regions {
  /** Where recordings, transcripts and entities live, and where the pipeline runs. */
  data: string;
  /** The clinic's disaster-recovery region. */
  secondary: string;
  /** The Chime SDK meeting control region: meeting events arrive on its default bus. */
  control: string;
  /** The Chime SDK media pipelines endpoint the capture and concatenation pipelines are created in. */
  mediaPipeline: string;
}

export interface PipelineConfig {
  stage: string;
  production: boolean;
  regions: Regions;
  retention: { days: number; lockMode: LockMode };
  storage: { infrequentAccessAfterDays: number; noncurrentVersionDays: number; incompleteUploadDays: number };
  meeting: { closeAfterHours: number };
  capture: { media: "audio" | "audio-video" };
  transcription: { specialty: "PRIMARYCARE"; pollSeconds: number; maxPolls: number };
  entities: { snomedct: boolean };
  /**
   * Whether a meeting is recorded only with its consult's recording consent (the consent gate). Off only for
   * meetings of no consult that must still be recorded, as `medpipe local`'s bundles are.
   */
  consent: { gate: boolean };
  /** Who the alerts topics notify: an e-mail address and/or an HTTPS endpoint (null when not set). */
  alerts: { email: string | null; url: string | null };
  /** Hours after a recorded consult ended by which its entities must be in the sink, or an alarm fires. */
  missingEntities: { afterHours: number };
  /** Who may assume the operator role (an account id or a role ARN); null: the stacks create no operator role. */
  operatorRoleTrust: string | null;
  /**
   * How much of each quota-bound resource the pipeline uses at once: the account's quotas (AWS's defaults unless
   * raised for the stage), and how many extractions pace their Comprehend Medical requests together.
   */
  capacity: { transcribeJobs: number; mediaPipelines: number; extractions: number };
}

/** A region combination AWS cannot run, named so that the deployer can fix it. */
export class RegionConfigError extends Error {
  override name = "RegionConfigError";
}

/** An optional setting left empty counts as not set. */
const unset = z.literal("");

const environment = z.object({
  MEDPIPE_DATA_REGION: z.string().default("eu-west-1"),
  MEDPIPE_SECONDARY_REGION: z.string().default("af-south-1"),
  MEDPIPE_CONTROL_REGION: z.string().default("eu-central-1"),
  MEDPIPE_MEDIA_PIPELINE_REGION: z.string().default("eu-central-1"),
  MEDPIPE_INFREQUENT_ACCESS_AFTER_DAYS: z.coerce.number().int().min(30).default(90),
  MEDPIPE_MEETING_CLOSE_AFTER_HOURS: z.coerce.number().int().min(1).max(24).default(24),
  MEDPIPE_CAPTURE_MEDIA: z.enum(["audio", "audio-video"]).default("audio"),
  MEDPIPE_TRANSCRIBE_POLL_SECONDS: z.coerce.number().int().min(5).default(30),
  MEDPIPE_TRANSCRIBE_MAX_POLLS: z.coerce.number().int().min(1).default(240),
  MEDPIPE_SNOMEDCT: z.enum(["true", "false"]).default("false"),
  MEDPIPE_CONSENT_GATE: z.enum(["on", "off"]).default("on"),
  MEDPIPE_TRANSCRIBE_JOBS_QUOTA: z.coerce.number().int().min(1).default(TRANSCRIBE_MEDICAL_CONCURRENT_JOBS),
  MEDPIPE_MEDIA_PIPELINES_QUOTA: z.union([unset, z.coerce.number().int().min(2)]).default(""),
  MEDPIPE_CONCURRENT_EXTRACTIONS: z.coerce.number().int().min(1).default(CONCURRENT_EXTRACTIONS),
  MEDPIPE_ALERT_EMAIL: unset.or(z.email()).optional(),
  MEDPIPE_ALERT_URL: unset.or(z.url({ protocol: /^https$/, error: "must be an https:// URL" })).optional(),
  MEDPIPE_MISSING_ENTITIES_AFTER_HOURS: z.coerce.number().int().min(1).max(72).default(6),
  MEDPIPE_OPERATOR_ROLE_TRUST: unset
    .or(
      z
        .string()
        .regex(
          /^(\d{12}|arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+)$/,
          "must be a 12-digit account id or an IAM role ARN",
        ),
    )
    .optional(),
});

/**
 * The pipeline's configuration for a stage, from defaults and `MEDPIPE_*` environment overrides.
 *
 * @example
 * const config = loadConfig("prod"); // config.retention.lockMode === "COMPLIANCE"
 */
export function loadConfig(
  stage: string,
  env: Record<string, string | undefined> = process.env,
): PipelineConfig {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid configuration ${String(issue?.path[0])}: ${issue?.message}`);
  }
  const e = parsed.data;
  const production = PRODUCTION_STAGES.includes(stage);
  const config: PipelineConfig = {
    stage,
    production,
    regions: {
      data: e.MEDPIPE_DATA_REGION,
      secondary: e.MEDPIPE_SECONDARY_REGION,
      control: e.MEDPIPE_CONTROL_REGION,
      mediaPipeline: e.MEDPIPE_MEDIA_PIPELINE_REGION,
    },
    retention: { days: RETENTION_DAYS, lockMode: production ? "COMPLIANCE" : "GOVERNANCE" },
    storage: {
      infrequentAccessAfterDays: e.MEDPIPE_INFREQUENT_ACCESS_AFTER_DAYS,
      noncurrentVersionDays: 30,
      incompleteUploadDays: 7,
    },
    meeting: { closeAfterHours: e.MEDPIPE_MEETING_CLOSE_AFTER_HOURS },
    capture: { media: e.MEDPIPE_CAPTURE_MEDIA },
    transcription: {
      specialty: "PRIMARYCARE",
      pollSeconds: e.MEDPIPE_TRANSCRIBE_POLL_SECONDS,
      maxPolls: e.MEDPIPE_TRANSCRIBE_MAX_POLLS,
    },
    entities: { snomedct: e.MEDPIPE_SNOMEDCT === "true" },
    consent: { gate: e.MEDPIPE_CONSENT_GATE === "on" },
    alerts: { email: e.MEDPIPE_ALERT_EMAIL || null, url: e.MEDPIPE_ALERT_URL || null },
    missingEntities: { afterHours: e.MEDPIPE_MISSING_ENTITIES_AFTER_HOURS },
    operatorRoleTrust: e.MEDPIPE_OPERATOR_ROLE_TRUST || null,
    capacity: {
      transcribeJobs: e.MEDPIPE_TRANSCRIBE_JOBS_QUOTA,
      mediaPipelines: e.MEDPIPE_MEDIA_PIPELINES_QUOTA || mediaPipelinesIn(e.MEDPIPE_MEDIA_PIPELINE_REGION),
      extractions: e.MEDPIPE_CONCURRENT_EXTRACTIONS,
    },
  };
  checkRegions(config.regions);
  return config;
}

/**
 * The `MEDPIPE_*` variables that give this configuration back through {@link loadConfig}: what every function's
 * environment carries, so that a handler runs on the configuration it was deployed with, not on defaults.
 *
 * @example
 * taskFunction(stack, name, { environment: configVariables(config) });
 */
export function configVariables(config: PipelineConfig): Record<ConfigVariable, string> {
  return {
    MEDPIPE_ALERT_EMAIL: config.alerts.email ?? "",
    MEDPIPE_ALERT_URL: config.alerts.url ?? "",
    MEDPIPE_MISSING_ENTITIES_AFTER_HOURS: String(config.missingEntities.afterHours),
    MEDPIPE_OPERATOR_ROLE_TRUST: config.operatorRoleTrust ?? "",
    MEDPIPE_DATA_REGION: config.regions.data,
    MEDPIPE_SECONDARY_REGION: config.regions.secondary,
    MEDPIPE_CONTROL_REGION: config.regions.control,
    MEDPIPE_MEDIA_PIPELINE_REGION: config.regions.mediaPipeline,
    MEDPIPE_INFREQUENT_ACCESS_AFTER_DAYS: String(config.storage.infrequentAccessAfterDays),
    MEDPIPE_MEETING_CLOSE_AFTER_HOURS: String(config.meeting.closeAfterHours),
    MEDPIPE_CAPTURE_MEDIA: config.capture.media,
    MEDPIPE_TRANSCRIBE_POLL_SECONDS: String(config.transcription.pollSeconds),
    MEDPIPE_TRANSCRIBE_MAX_POLLS: String(config.transcription.maxPolls),
    MEDPIPE_SNOMEDCT: String(config.entities.snomedct),
    MEDPIPE_CONSENT_GATE: config.consent.gate ? "on" : "off",
    MEDPIPE_TRANSCRIBE_JOBS_QUOTA: String(config.capacity.transcribeJobs),
    MEDPIPE_MEDIA_PIPELINES_QUOTA: String(config.capacity.mediaPipelines),
    MEDPIPE_CONCURRENT_EXTRACTIONS: String(config.capacity.extractions),
  };
}

export type ConfigVariable = keyof z.input<typeof environment>;

function requireRegion(list: readonly string[], region: string, role: string, why: string): void {
  if (!list.includes(region)) {
    throw new RegionConfigError(
      `${role} region ${region} is not possible: ${why}. Choose one of ${list.join(", ")}`,
    );
  }
}

/** Throws a {@link RegionConfigError} for a region combination AWS cannot run. */
export function checkRegions(regions: Regions): void {
  requireRegion(
    chimeMeetingControlRegions,
    regions.control,
    "control",
    "Chime SDK meetings are created and send their events only in a control region",
  );
  requireRegion(
    chimeMediaPipelineRegions,
    regions.mediaPipeline,
    "media pipeline",
    "Chime SDK media pipeline APIs exist only in some regions",
  );
  requireRegion(
    chimeMediaRegions,
    regions.data,
    "data",
    "the capture sink bucket must be in a Chime SDK media region",
  );
  requireRegion(
    transcribeMedicalRegions,
    regions.data,
    "data",
    "Transcribe Medical must run beside the recordings",
  );
  requireRegion(comprehendMedicalRegions, regions.data, "data", "Comprehend Medical is not offered there");
  if (regions.secondary === regions.data) {
    throw new RegionConfigError(`secondary region ${regions.secondary} must differ from the data region`);
  }
}

/** What one app (one region's deployment of the stage) holds. */
export type DeploymentRole = "pipeline" | "forwarder" | "replica";

/**
 * What a deployment to `appRegion` holds: the whole pipeline in the data region; in the Chime control or media
 * pipeline region (when they differ from it) the rule that forwards their events to the data region; in the
 * secondary region the replica buckets and their key. A region may be both a Chime region and the secondary one.
 *
 * @example
 * deploymentRoles(loadConfig("prod"), "af-south-1"); // ["replica"]
 */
export function deploymentRoles(config: PipelineConfig, appRegion: string): DeploymentRole[] {
  const { data, control, mediaPipeline, secondary } = config.regions;
  if (appRegion === data) return ["pipeline"];
  const roles: DeploymentRole[] = [];
  if (appRegion === control || appRegion === mediaPipeline) roles.push("forwarder");
  if (appRegion === secondary) roles.push("replica");
  if (roles.length > 0) return roles;
  throw new RegionConfigError(
    `cannot deploy to ${appRegion}: deploy the pipeline to the data region ${data}, the event forwarder to ${control} and the replica to ${secondary}`,
  );
}

/**
 * Every region a stage is deployed to, the data region first: what `npm run synth` synthesizes and the README's
 * deploy order follows.
 *
 * @example
 * stageRegions(loadConfig("prod")); // ["eu-west-1", "eu-central-1", "af-south-1"]
 */
export function stageRegions(config: PipelineConfig): string[] {
  const { data, control, mediaPipeline, secondary } = config.regions;
  return [...new Set([data, control, mediaPipeline, secondary])];
}
