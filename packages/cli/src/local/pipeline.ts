import { appendFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { ChimeSDKMediaPipelinesClient } from "@aws-sdk/client-chime-sdk-media-pipelines";
import { ComprehendMedicalClient } from "@aws-sdk/client-comprehendmedical";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { S3Client } from "@aws-sdk/client-s3";
import { TranscribeClient } from "@aws-sdk/client-transcribe";
import { matches, rulePatterns, type WorkflowName } from "@medpipe/core/events";
import { type AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { installLocalChime } from "./aws/chime.js";
import { type EmittedEvent, envelope, installLocalEventBridge } from "./aws/events.js";
import { installLocalS3 } from "./aws/s3.js";
import { installLocalTranscribe, type TranscribeOutput } from "./aws/transcribe.js";
import { installComprehendStandin } from "./comprehend-standin.js";
import { compile, type ExecutionRecord, execute, loadTaskHandlers, type TaskHandlers } from "./executions.js";
import { LOCAL_ACCOUNT, LOCAL_REGION, type LocalStateMachine } from "./state-machines.js";

/** The bucket names local mode uses: each bucket's role, so objects land in `<out>/<role>/<key>`. */
export const LOCAL_BUCKETS = {
  recordings: "recordings",
  transcripts: "transcripts",
  medicalData: "medical-data",
};
export const LOCAL_KMS_KEY = `arn:aws:kms:${LOCAL_REGION}:${LOCAL_ACCOUNT}:key/00000000-0000-4000-8000-000000000001`;

export interface LocalPipelineOptions {
  out: string;
  machines: Map<WorkflowName, LocalStateMachine>;
  /** What Transcribe Medical would return for the consult's recording (or for each meeting's). */
  transcribeOutput: TranscribeOutput;
  supabase: { url: string; serviceRoleKey: string };
  /** Use the real Comprehend Medical (AWS credentials) instead of the offline stand-in. */
  realComprehend?: boolean;
  onExecution?: (execution: ExecutionRecord) => void;
}

/**
 * The whole pipeline on one machine: events are routed with the production rule patterns into the state
 * machines synthesized from the stacks, whose tasks run the real handlers in process. Only the AWS services
 * with no local runtime are stood in for, at the SDK boundary: S3 by `<out>/<bucket>/<key>`, Chime media
 * pipelines and Transcribe Medical by the bundle, Comprehend Medical by an offline lexicon (unless real).
 */
export class LocalPipeline {
  readonly executions: ExecutionRecord[] = [];
  private readonly queue: unknown[] = [];
  private readonly deliveries = new Map<string, number>();
  /** The SDK stand-ins, for tests that inject faults (`pipeline.aws.comprehend?.rejectsOnce(...)`). */
  readonly aws: {
    s3: AwsClientStub<S3Client>;
    chime: AwsClientStub<ChimeSDKMediaPipelinesClient>;
    transcribe: AwsClientStub<TranscribeClient>;
    eventBridge: AwsClientStub<EventBridgeClient>;
    comprehend: AwsClientStub<ComprehendMedicalClient> | null;
  };

  private constructor(
    private readonly options: LocalPipelineOptions,
    private readonly handlers: TaskHandlers,
  ) {
    this.aws = this.installStandins();
  }

  /** Prepares the environment the handlers read, installs the stand-ins and loads the handlers. */
  static async start(options: LocalPipelineOptions): Promise<LocalPipeline> {
    Object.assign(process.env, localEnvironment(options));
    await mkdir(options.out, { recursive: true });
    for (const machine of options.machines.values()) compile(machine);
    return new LocalPipeline(options, await loadTaskHandlers());
  }

  private installStandins(): LocalPipeline["aws"] {
    const where = { account: LOCAL_ACCOUNT, region: LOCAL_REGION };
    const events = { emit: async (event: EmittedEvent) => void this.queue.push(envelope(event, where)) };
    const s3 = mockClient(S3Client);
    const buckets = installLocalS3(s3, {
      out: this.options.out,
      kmsKeyArn: LOCAL_KMS_KEY,
      lockMode: "GOVERNANCE",
      onObjectCreated: async (bucket, key, metadata, size) =>
        events.emit({
          source: "aws.s3",
          "detail-type": "Object Created",
          resources: [`arn:aws:s3:::${bucket}`],
          detail: {
            version: "0",
            bucket: { name: bucket },
            object: { key, size, "version-id": metadata.versionId, sequencer: Date.now().toString(16) },
            "request-id": "LOCAL",
            requester: LOCAL_ACCOUNT,
            reason: "PutObject",
          },
        }),
    });
    const chime = mockClient(ChimeSDKMediaPipelinesClient);
    installLocalChime(chime, {
      events,
      ...where,
      writeRecording: async (bucket, key) => void (await buckets.put(bucket, key, PLACEHOLDER_AUDIO)),
    });
    const transcribe = mockClient(TranscribeClient);
    installLocalTranscribe(transcribe, {
      output: this.options.transcribeOutput,
      region: LOCAL_REGION,
      recordingExists: async (bucket, key) => (await buckets.head(bucket, key)) !== null,
      writeTranscript: async (bucket, key, body, kmsKeyId) =>
        void (await buckets.put(bucket, key, body, { kmsKeyId })),
    });
    const eventBridge = mockClient(EventBridgeClient);
    installLocalEventBridge(eventBridge, events);
    const comprehend = this.options.realComprehend ? null : mockClient(ComprehendMedicalClient);
    if (comprehend) installComprehendStandin(comprehend);
    return { s3, chime, transcribe, eventBridge, comprehend };
  }

  /** Puts an event on the local bus, as Chime (or an ops replay) would. */
  deliver(event: unknown): void {
    this.queue.push(event);
  }

  /** Delivers every queued event, and every event the pipeline emits meanwhile, until the bus is idle. */
  async drain(): Promise<void> {
    for (let event = this.queue.shift(); event !== undefined; event = this.queue.shift()) {
      await appendFile(
        join(this.options.out, "archive.jsonl"),
        `${JSON.stringify({ archivedAt: new Date().toISOString(), event })}\n`,
      );
      for (const rule of rulePatterns({ recordingsBucket: LOCAL_BUCKETS.recordings })) {
        if (!matches(rule.pattern, event)) continue;
        await this.startExecution(rule.workflow, event, this.executionName(rule.workflow, event));
      }
    }
  }

  /**
   * Runs one execution of a workflow under a given name, as StartExecution would, and records it in
   * `executions.jsonl`. Events it emits wait on the bus for the next {@link drain}.
   */
  async startExecution(workflow: WorkflowName, input: unknown, name: string): Promise<ExecutionRecord> {
    const machine = this.options.machines.get(workflow);
    if (!machine) throw new Error(`no state machine for workflow ${workflow}`);
    const execution = await execute(machine, input, { name, handlers: this.handlers });
    this.executions.push(execution);
    await appendFile(join(this.options.out, "executions.jsonl"), `${JSON.stringify(execution)}\n`);
    this.options.onExecution?.(execution);
    return execution;
  }

  /** Step Functions names an EventBridge-started execution itself; locally: the event id and a count. */
  private executionName(workflow: string, event: unknown): string {
    const id = String((event as { id?: unknown }).id ?? "event");
    const replay = (event as { "replay-name"?: unknown })["replay-name"];
    const base = `${workflow}-${id}${typeof replay === "string" ? `-${replay}` : ""}`.replace(
      /[^A-Za-z0-9_-]/g,
      "-",
    );
    const count = (this.deliveries.get(base) ?? 0) + 1;
    this.deliveries.set(base, count);
    return `${base.slice(0, 74)}-${count}`;
  }

  /** Removes the SDK stand-ins. */
  stop(): void {
    for (const mock of Object.values(this.aws)) mock?.restore();
  }
}

/** A few bytes standing in for the concatenated MP4: local mode never decodes audio. */
const PLACEHOLDER_AUDIO = Buffer.from("local stand-in for the concatenated consult audio\n");

function localEnvironment(options: LocalPipelineOptions): Record<string, string> {
  return {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? "local",
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? "local",
    SST_APP: "medpipe",
    SST_STAGE: "local",
    SST_Secret_value_SUPABASE_URL: options.supabase.url,
    SST_Secret_value_SUPABASE_SERVICE_ROLE_KEY: options.supabase.serviceRoleKey,
    MEDPIPE_ACCOUNT: LOCAL_ACCOUNT,
    MEDPIPE_PARTITION: "aws",
    MEDPIPE_DATA_REGION: LOCAL_REGION,
    RECORDINGS_BUCKET: LOCAL_BUCKETS.recordings,
    TRANSCRIPTS_BUCKET: LOCAL_BUCKETS.transcripts,
    MEDICAL_DATA_BUCKET: LOCAL_BUCKETS.medicalData,
    DATA_KEY_ARN: LOCAL_KMS_KEY,
    POWERTOOLS_TRACE_ENABLED: "false",
    // Nothing is traced locally, and X-Ray's automatic mode hooks every promise of the process (cls-hooked),
    // which makes promise-heavy code (PGlite, the stand-ins, fetch) several times slower.
    AWS_XRAY_MANUAL_MODE: "true",
    POWERTOOLS_METRICS_DISABLED: "true",
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? "WARN",
  };
}
