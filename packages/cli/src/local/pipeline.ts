import { randomUUID } from "node:crypto";
import { appendFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { ChimeSDKMediaPipelinesClient } from "@aws-sdk/client-chime-sdk-media-pipelines";
import { ChimeSDKMeetingsClient } from "@aws-sdk/client-chime-sdk-meetings";
import { ComprehendMedicalClient } from "@aws-sdk/client-comprehendmedical";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { S3Client } from "@aws-sdk/client-s3";
import { SFNClient } from "@aws-sdk/client-sfn";
import { SSMClient } from "@aws-sdk/client-ssm";
import { TranscribeClient } from "@aws-sdk/client-transcribe";
import { APP_NAME, loadConfig } from "@medpipe/core/config";
import { matches, type WorkflowName } from "@medpipe/core/events";
import {
  LAMBDA_CONCURRENCY,
  mediaPipelinesIn,
  TRANSCRIBE_MEDICAL_CONCURRENT_JOBS,
} from "@medpipe/core/quotas";
import { type AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { type LocalApiRoute, localApiRoutes } from "./api-gateway.js";
import { installLocalChime } from "./aws/chime.js";
import { installLocalChimeMeetings, type LocalChimeMeetings } from "./aws/chime-meetings.js";
import { type EmittedEvent, envelope, installLocalEventBridge } from "./aws/events.js";
import { installLocalS3, localBuckets, writeLocalBuckets } from "./aws/s3.js";
import { installLocalSsm, sstSecretParameter } from "./aws/ssm.js";
import { installLocalStepFunctionsApi } from "./aws/step-functions.js";
import { installLocalTranscribe, type JobOutcome } from "./aws/transcribe.js";
import { buildFunctionBundles } from "./bundles.js";
import { installComprehendStandin } from "./comprehend-standin.js";
import { type LocalRule, type LocalTarget, localArchivePatterns, localRules } from "./event-bus.js";
import { type LocalFunction, LocalLambda, localFunctions } from "./lambda.js";
import { installLocalMessaging, type LocalMessaging } from "./messaging.js";
import { LOCAL_ACCOUNT, LOCAL_REGION, LocalResources, type Template } from "./resources.js";
import { type ExecutionRecord, LocalStepFunctions, localStateMachines } from "./step-functions.js";
import { VirtualClock } from "./virtual-clock.js";

/** The bucket names local mode uses: each bucket's construct id, so objects land in `<out>/<bucket>/<key>`. */
export const LOCAL_BUCKETS = {
  recordings: "recordings",
  transcripts: "transcripts",
  medicalData: "medical-data",
};

/** Quotas the stand-ins enforce: the account's. */
export interface LocalQuotas {
  lambdaConcurrency: number;
  transcribeConcurrentJobs: number;
  /** Media pipelines of every kind active at once in the media pipeline region. */
  mediaPipelines: number;
}

export interface LocalPipelineOptions {
  out: string;
  /** The synthesized stacks of the stage: every function, rule and state machine runs from them. */
  templates: Record<string, Template>;
  stage: string;
  /** The clinic's Supabase: the SST secrets the functions read (the JWT secret verifies the API's callers). */
  supabase: { url: string; serviceRoleKey: string; jwtSecret: string };
  /** What Transcribe Medical returns for a meeting's recording of that many seconds. */
  transcript: (job: { meetingId: string; recordingSeconds: number }) => Buffer;
  /** How long a Transcribe job takes, in seconds, for a recording of that many seconds. */
  transcribeSeconds?: (recordingSeconds: number) => number;
  /** A job's outcome other than completing, e.g. a failure (tests). */
  transcribeOutcome?: (job: { name: string; meetingId: string }) => JobOutcome | null;
  /** Use the real Comprehend Medical (AWS credentials from the default chain) instead of the offline stand-in. */
  realComprehend?: { credentials: Record<string, string> };
  /** Where virtual time starts (the consult's start); the real clock when absent. */
  start?: Date;
  quotas?: Partial<LocalQuotas>;
  /** The Lambda runtime's log level for the functions (AWS_LAMBDA_LOG_LEVEL). */
  logLevel?: "DEBUG" | "INFO" | "WARN" | "ERROR";
  onExecution?: (execution: ExecutionRecord) => void;
  /** Called with every event put on the bus, before the rules deliver it. */
  onEvent?: (event: unknown) => void;
  /** The executions a reopened run recorded before (its `executions.jsonl`), latest record of each last. */
  executions?: ExecutionRecord[];
}

/**
 * A job of Transcribe Medical takes a while after the audio lands: about a quarter of the recording's length,
 * plus half a minute. AWS documents no figure; this keeps a consult's job running past the first poll.
 */
export function realisticTranscribeSeconds(recordingSeconds: number): number {
  return Math.round(30 + recordingSeconds / 4);
}

/**
 * The quotas the stand-ins enforce unless a run sets others: AWS's defaults (core/quotas), the media pipelines'
 * in the stage's media pipeline region.
 */
export function defaultQuotas(stage: string): LocalQuotas {
  return {
    lambdaConcurrency: LAMBDA_CONCURRENCY.default,
    transcribeConcurrentJobs: TRANSCRIBE_MEDICAL_CONCURRENT_JOBS,
    mediaPipelines: mediaPipelinesIn(loadConfig(stage).regions.mediaPipeline),
  };
}

/**
 * The whole pipeline on one machine, deployed from the synthesized stacks: EventBridge rules route events
 * (concurrently) into the state machines and functions the templates define, each function runs its own bundle
 * in its own environment, and time is virtual (every Wait and retry interval is honoured, in no real time). Only
 * the AWS services with no local runtime are stood in for, at the SDK boundary: S3 (versioned, Object Lock),
 * Chime media pipelines, Transcribe Medical, Comprehend Medical (unless real), SSM and the Step Functions API.
 *
 * @example
 * const pipeline = await LocalPipeline.start(options);
 * pipeline.deliver(event); await pipeline.drain();
 */
export class LocalPipeline {
  readonly executions: ExecutionRecord[] = [];
  /** The HTTP API's routes, as the stacks deploy them. */
  readonly apiRoutes: LocalApiRoute[];
  /** The account's quotas the stand-ins enforce. */
  readonly quotas: LocalQuotas;
  readonly clock: VirtualClock | null;
  readonly resources: LocalResources;
  readonly sfn: LocalStepFunctions;
  readonly lambda: LocalLambda;
  /** The SDK stand-ins, for tests that fault them or read their calls. */
  readonly aws: {
    s3: AwsClientStub<S3Client>;
    chime: AwsClientStub<ChimeSDKMediaPipelinesClient>;
    meetings: AwsClientStub<ChimeSDKMeetingsClient>;
    transcribe: AwsClientStub<TranscribeClient>;
    eventBridge: AwsClientStub<EventBridgeClient>;
    comprehend: AwsClientStub<ComprehendMedicalClient> | null;
    sfn: AwsClientStub<SFNClient>;
    ssm: AwsClientStub<SSMClient>;
  };
  /** Consults' messaging: the Chime SDK messaging stand-in, its stream, the consumer's event source mapping. */
  readonly messaging: LocalMessaging;
  readonly services: {
    chime: ReturnType<typeof installLocalChime>;
    meetings: LocalChimeMeetings;
    transcribe: ReturnType<typeof installLocalTranscribe>;
    s3: ReturnType<typeof installLocalS3>;
    comprehend: ReturnType<typeof installComprehendStandin> | null;
  };
  readonly #options: LocalPipelineOptions;
  readonly #rules: LocalRule[];
  readonly #archive: ReturnType<typeof localArchivePatterns>;
  readonly #queue: { event: unknown; at: Date | null }[] = [];
  readonly #deliveries = new Map<string, number>();
  /** Deliveries, background work of the stand-ins and file writes not finished yet. */
  #pending = 0;

  private constructor(
    options: LocalPipelineOptions,
    bundles: Awaited<ReturnType<typeof buildFunctionBundles>>,
  ) {
    this.#options = options;
    this.clock = options.start ? new VirtualClock(options.start) : null;
    this.resources = new LocalResources(options.templates, LOCAL_ACCOUNT, LOCAL_REGION);
    this.apiRoutes = localApiRoutes(this.resources);
    this.#rules = localRules(this.resources);
    this.#archive = localArchivePatterns(this.resources);
    const quotas = { ...defaultQuotas(options.stage), ...options.quotas };
    this.quotas = quotas;
    this.lambda = new LocalLambda({
      functions: localFunctions(this.resources),
      bundles,
      runtimeEnvironment: (fn) => this.#runtimeEnvironment(fn),
      accountConcurrency: quotas.lambdaConcurrency,
      clock: this.clock ?? undefined,
    });
    this.sfn = new LocalStepFunctions({
      machines: localStateMachines(this.resources),
      invokeLambda: (arn, payload) => this.lambda.invoke(arn, payload),
      onStatusChange: (execution) => this.#statusChanged(execution),
    });
    for (const execution of options.executions ?? []) this.sfn.restore(execution);
    const io = <T>(work: Promise<T>) => this.#io(work);
    const emit = async (event: EmittedEvent) =>
      this.put(envelope(event, { account: LOCAL_ACCOUNT, region: LOCAL_REGION }));
    const later = (ms: number, work: () => Promise<void>) => this.#later(ms, work);

    const s3 = mockClient(S3Client);
    const buckets = installLocalS3(s3, {
      out: options.out,
      buckets: localBuckets(this.resources),
      io,
      onEvent: async ({ detailType, detail, bucket }) =>
        emit({
          source: "aws.s3",
          "detail-type": detailType,
          resources: [`arn:aws:s3:::${bucket}`],
          detail: { ...detail },
        }),
    });
    const meetings = mockClient(ChimeSDKMeetingsClient);
    const meetingsService = installLocalChimeMeetings(meetings, {
      events: { emit },
      region: loadConfig(options.stage).regions.control,
      account: LOCAL_ACCOUNT,
    });
    const chime = mockClient(ChimeSDKMediaPipelinesClient);
    const chimeService = installLocalChime(chime, {
      events: { emit },
      region: LOCAL_REGION,
      account: LOCAL_ACCOUNT,
      meetingIsLive: (meetingId) => meetingsService.isLive(meetingId),
      concurrentPipelines: quotas.mediaPipelines,
      writeObject: async (bucket, key, body) => void (await buckets.put(bucket, key, body)),
      later,
    });
    const transcribe = mockClient(TranscribeClient);
    const meetingOf = (mediaUri: string) => /\/concatenated\/([0-9a-f-]{36})\//.exec(mediaUri)?.[1] ?? "";
    const transcribeService = installLocalTranscribe(transcribe, {
      region: LOCAL_REGION,
      concurrentJobs: quotas.transcribeConcurrentJobs,
      durationSeconds: ({ mediaUri }) =>
        (options.transcribeSeconds ?? realisticTranscribeSeconds)(
          chimeService.capturedSeconds(meetingOf(mediaUri)),
        ),
      outcome: ({ name, mediaUri }) => {
        const meetingId = meetingOf(mediaUri);
        return (
          options.transcribeOutcome?.({ name, meetingId }) ?? {
            transcript: options.transcript({
              meetingId,
              recordingSeconds: chimeService.capturedSeconds(meetingId),
            }),
          }
        );
      },
      recordingExists: async (bucket, key) => (await buckets.current(bucket, key)) !== null,
      writeTranscript: async (bucket, key, body, kmsKeyId) =>
        void (await buckets.put(bucket, key, body, { serverSideEncryption: "aws:kms", kmsKeyId })),
      later,
    });
    const eventBridge = mockClient(EventBridgeClient);
    installLocalEventBridge(eventBridge, { emit });
    const comprehend = options.realComprehend ? null : mockClient(ComprehendMedicalClient);
    const comprehendService = comprehend ? installComprehendStandin(comprehend) : null;
    const sfn = mockClient(SFNClient);
    installLocalStepFunctionsApi(sfn, this.sfn);
    // SST's runtime client pins an older SSM client, whose types differ from aws-sdk-client-mock's.
    const ssm = mockClient(SSMClient as never) as unknown as AwsClientStub<SSMClient>;
    const parameters: Record<string, string> = {
      [sstSecretParameter(APP_NAME, options.stage, "SUPABASE_URL")]: options.supabase.url,
      [sstSecretParameter(APP_NAME, options.stage, "SUPABASE_SERVICE_ROLE_KEY")]:
        options.supabase.serviceRoleKey,
      [sstSecretParameter(APP_NAME, options.stage, "SUPABASE_JWT_SECRET")]: options.supabase.jwtSecret,
    };
    installLocalSsm(ssm, parameters);
    this.messaging = installLocalMessaging({
      resources: this.resources,
      lambda: this.lambda,
      out: options.out,
      region: LOCAL_REGION,
      io,
      later,
      append: (file, line) => this.#append(file, line),
      parameters,
    });
    this.aws = { s3, chime, meetings, transcribe, eventBridge, comprehend, sfn, ssm };
    this.services = {
      chime: chimeService,
      meetings: meetingsService,
      transcribe: transcribeService,
      s3: buckets,
      comprehend: comprehendService,
    };
  }

  /**
   * An HTTP API request as API Gateway's Lambda proxy integration makes it: the route's function invoked with
   * the event, its answer (or its failure) returned. Tracked, so that {@link drain} waits for what it set off.
   */
  invokeRoute(route: LocalApiRoute, event: unknown): Promise<unknown> {
    return this.#track(this.lambda.invoke(route.functionArn, event));
  }

  /** The run's output directory, where the stand-ins keep their files. */
  get outDir(): string {
    return this.#options.out;
  }

  /** Builds the functions' bundles and deploys the stacks onto the stand-ins. */
  static async start(options: LocalPipelineOptions): Promise<LocalPipeline> {
    await mkdir(options.out, { recursive: true });
    const pipeline = new LocalPipeline(options, await buildFunctionBundles());
    await writeLocalBuckets(options.out, localBuckets(pipeline.resources));
    await pipeline.messaging.deploy();
    return pipeline;
  }

  /**
   * Puts an event on the local bus, as Chime (or an ops replay) would, at its own `time` on the virtual clock
   * (`at: "now"` delivers it at once, concurrently with whatever is running). Delivered by {@link drain}.
   */
  deliver(event: unknown, options: { at?: Date | "now" } = {}): void {
    const time = (event as { time?: unknown }).time;
    const at =
      options.at === "now" ? null : (options.at ?? (typeof time === "string" ? new Date(time) : null));
    this.#queue.push({ event, at });
  }

  /** Delivers every queued event and runs until everything they set off has finished. */
  async drain(): Promise<void> {
    const queued = this.#queue.splice(0);
    await this.run(async () => {
      for (const { event, at } of queued) {
        const wait = at && this.clock ? Math.max(0, at.getTime() - Date.now()) : 0;
        this.#later(wait, () => this.put(event));
      }
    });
  }

  /**
   * Starts `work` (on the virtual clock, when there is one) and runs until it and everything it set off have
   * finished: a request to the local API, say, and the workflows its events start.
   */
  async run<T>(work: () => Promise<T>): Promise<T> {
    let started: Promise<T> | undefined;
    const start = () => {
      started = this.#track(work());
      started.catch(() => undefined);
    };
    if (this.clock) {
      await this.clock.run({ start, done: () => this.#idle() });
    } else {
      start();
      while (!this.#idle()) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return started as Promise<T>;
  }

  /** Puts an event on the bus now: archives it and starts every target of every rule it matches. */
  async put(event: unknown): Promise<void> {
    this.#options.onEvent?.(event);
    this.#trackMeeting(event);
    if (this.#archive.some((pattern) => matches(pattern, event))) {
      await this.#append("archive.jsonl", { archivedAt: new Date().toISOString(), event });
    }
    for (const rule of this.#rules) {
      if (!matches(rule.pattern, event)) continue;
      for (const target of rule.targets) this.#deliverTo(rule, target, event);
    }
  }

  /**
   * StartExecution of a workflow under a given name, as `medpipe replay --meeting` does in AWS; resolves once the
   * execution and all it set off have finished.
   */
  async startExecution(workflow: WorkflowName, input: unknown, name: string): Promise<ExecutionRecord> {
    return this.run(() => this.sfn.start(this.sfn.machineOf(workflow).arn, input, name));
  }

  /** RedriveExecution of an execution of this run, by name; resolves once the redrive and all it set off have finished. */
  async redrive(name: string): Promise<ExecutionRecord> {
    const execution = [...this.sfn.executions.values()].find((e) => e.name === name);
    if (!execution) throw new Error(`no execution ${name}`);
    return this.run(() => this.sfn.redrive(execution.arn));
  }

  /** Removes the SDK stand-ins. */
  stop(): void {
    for (const mock of Object.values(this.aws)) mock?.restore();
    this.messaging.restore();
  }

  #deliverTo(rule: LocalRule, target: LocalTarget, event: unknown): void {
    if (target.kind === "state-machine") {
      const machine = this.sfn.machines.get(target.arn);
      const name = this.#executionName(machine?.workflow ?? "execution", event);
      void this.#track(this.sfn.start(target.arn, event, name)).catch((error: Error) =>
        this.#deadLetter(target.deadLetterQueue, rule, target, event, error),
      );
      return;
    }
    const fn = this.lambda.function(target.arn);
    this.lambda.invokeAsync(target.arn, event, (error) =>
      this.#deadLetter(functionDeadLetterQueue(this.resources, fn), rule, target, event, error),
    );
  }

  /** An undeliverable event, as a dead-letter queue keeps it (or dropped, as AWS drops it, without one). */
  async #deadLetter(
    queue: string | null,
    rule: LocalRule,
    target: LocalTarget,
    event: unknown,
    error: Error,
  ): Promise<void> {
    if (!queue) return;
    await this.#append("dead-letters.jsonl", {
      queue,
      sentAt: new Date().toISOString(),
      workflow: this.sfn.machines.get(target.arn)?.workflow ?? null,
      event,
      attributes: {
        RULE_ARN: `arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT}:rule/${rule.name}`,
        TARGET_ARN: target.arn,
        ERROR_CODE: error.name,
        ERROR_MESSAGE: error.message.slice(0, 256),
      },
    });
  }

  async #statusChanged(execution: ExecutionRecord): Promise<void> {
    if (execution.status !== "RUNNING") {
      this.executions.push(structuredClone(execution));
      await this.#append("executions.jsonl", execution);
      this.#options.onExecution?.(execution);
    }
    await this.put(
      envelope(
        {
          source: "aws.states",
          "detail-type": "Step Functions Execution Status Change",
          resources: [execution.arn],
          detail: {
            executionArn: execution.arn,
            stateMachineArn: execution.stateMachineArn,
            name: execution.name,
            status: execution.status,
            startDate: Date.parse(execution.startDate),
            stopDate: execution.stopDate ? Date.parse(execution.stopDate) : null,
            input: JSON.stringify(execution.input),
            output: null,
            inputDetails: { included: true },
            outputDetails: { included: true },
            error: execution.status === "FAILED" ? execution.error : null,
            cause: execution.status === "FAILED" ? execution.cause : null,
            redriveCount: execution.redriveCount,
            redriveStatus:
              execution.status === "RUNNING" || execution.status === "SUCCEEDED"
                ? "NOT_REDRIVABLE"
                : "REDRIVABLE",
          },
        },
        { account: LOCAL_ACCOUNT, region: LOCAL_REGION },
      ),
    );
  }

  /**
   * Chime knows which meetings are running: of a meeting not created through the stand-in (a bundle's), the rig
   * learns it from the meeting's events on the bus. A meeting's end stops its capture.
   */
  #trackMeeting(event: unknown): void {
    const { source, detail } = event as {
      source?: string;
      detail?: { eventType?: string; meetingId?: string; externalMeetingId?: string; mediaRegion?: string };
    };
    if (source !== "aws.chime" || !detail?.meetingId || !detail.eventType) return;
    this.services.meetings.heardOf({
      eventType: detail.eventType,
      meetingId: detail.meetingId,
      externalMeetingId: detail.externalMeetingId,
      mediaRegion: detail.mediaRegion ?? LOCAL_REGION,
    });
    if (detail.eventType === "chime:MeetingEnded") this.services.chime.meetingEnded(detail.meetingId);
  }

  /** Step Functions names an EventBridge-started execution itself; locally: the event id and a count. */
  #executionName(workflow: string, event: unknown): string {
    const id = String((event as { id?: unknown }).id ?? randomUUID());
    const replay = (event as { "replay-name"?: unknown })["replay-name"];
    const base = `${workflow}-${id}${typeof replay === "string" ? `-${replay}` : ""}`.replace(
      /[^A-Za-z0-9_-]/g,
      "-",
    );
    const count = (this.#deliveries.get(base) ?? 0) + 1;
    this.#deliveries.set(base, count);
    return `${base.slice(0, 74)}-${count}`;
  }

  #runtimeEnvironment(fn: LocalFunction): Record<string, string> {
    return {
      AWS_REGION: LOCAL_REGION,
      AWS_DEFAULT_REGION: LOCAL_REGION,
      AWS_LAMBDA_FUNCTION_NAME: fn.name,
      AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
      AWS_LAMBDA_LOG_LEVEL: this.#options.logLevel ?? "WARN",
      TZ: ":UTC",
      // There is no X-Ray daemon locally: the SDK must not trace (nor hook every promise to do so).
      AWS_XRAY_MANUAL_MODE: "true",
      AWS_XRAY_CONTEXT_MISSING: "IGNORE_ERROR",
      // Nor CloudWatch: metrics would only be printed.
      POWERTOOLS_METRICS_DISABLED: "true",
      ...this.#options.realComprehend?.credentials,
    };
  }

  #idle(): boolean {
    return this.#pending === 0 && this.sfn.running === 0 && this.lambda.asyncInFlight === 0;
  }

  #later(ms: number, work: () => Promise<void>): void {
    this.#pending++;
    setTimeout(() => void work().finally(() => this.#pending--), ms);
  }

  async #track<T>(work: Promise<T>): Promise<T> {
    this.#pending++;
    try {
      return await work;
    } finally {
      this.#pending--;
    }
  }

  #io<T>(work: Promise<T>): Promise<T> {
    return this.clock ? this.clock.io(work) : work;
  }

  async #append(file: string, line: unknown): Promise<void> {
    await this.#io(appendFile(join(this.#options.out, file), `${JSON.stringify(line)}\n`));
  }
}

/** The queue a function's failed asynchronous invocations go to (its DeadLetterConfig), by name. */
function functionDeadLetterQueue(resources: LocalResources, fn: LocalFunction): string | null {
  const deployed = resources.find(fn.arn);
  const target = (deployed?.properties.DeadLetterConfig as { TargetArn?: unknown } | undefined)?.TargetArn;
  return target ? (resources.resolveString(target, deployed?.stack).split(":").at(-1) ?? null) : null;
}
