import { CONCURRENT_EXTRACTIONS } from "@medpipe/core/entities";
import type { WorkflowName } from "@medpipe/core/events";
import { MAX_FIRST_WAIT_SECONDS } from "@medpipe/core/transcript";
import { WORKFLOW_TASKS, type WorkflowTaskName } from "@medpipe/core/workflow";
import { Aws, Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import * as sfn from "aws-cdk-lib/aws-stepfunctions";
import { Construct } from "constructs";
import { Config, type StackContext, use } from "sst/constructs";
import { useConfig } from "./config.js";
import { Storage } from "./Storage.js";
import { pascalCase, taskFunction } from "./task-function.js";
import { attendance } from "./workflows/attendance.js";
import { mediaPipeline } from "./workflows/media-pipeline.js";
import { meetingLifecycle } from "./workflows/meeting-lifecycle.js";
import type { TaskFunctions } from "./workflows/steps.js";
import { transcription } from "./workflows/transcription.js";

/** Reserved concurrency per task; each extraction paces itself to its share of the Comprehend quotas. */
const CONCURRENCY: Partial<Record<WorkflowTaskName, number>> = { "extract-entities": CONCURRENT_EXTRACTIONS };
const DEFAULT_CONCURRENCY = 10;

/** The Lambda tasks and the four Standard state machines (JSONPath) of the pipeline. */
export function Workflows({ stack, app }: StackContext) {
  const config = useConfig(app);
  const { key, recordings, transcripts, medicalData } = use(Storage);
  const supabaseUrl = new Config.Secret(stack, "SUPABASE_URL");
  const supabaseServiceRoleKey = new Config.Secret(stack, "SUPABASE_SERVICE_ROLE_KEY");

  /** What every task function is given: the sink's secrets, the buckets and the key. */
  const taskProps = {
    bind: [supabaseUrl, supabaseServiceRoleKey],
    environment: {
      SST_STAGE: app.stage,
      RECORDINGS_BUCKET: recordings.bucketName,
      TRANSCRIPTS_BUCKET: transcripts.bucketName,
      MEDICAL_DATA_BUCKET: medicalData.bucketName,
      DATA_KEY_ARN: key.keyArn,
    },
  };
  const fns = Object.fromEntries(
    WORKFLOW_TASKS.map((name) => [
      name,
      taskFunction(stack, name, {
        ...taskProps,
        timeout: name === "extract-entities" ? 300 : 60,
        memorySize: name === "extract-entities" ? 1024 : 256,
        reservedConcurrentExecutions: CONCURRENCY[name] ?? DEFAULT_CONCURRENCY,
      }),
    ]),
  ) as TaskFunctions;

  const allow = (fn: WorkflowTaskName, actions: string[], resources = ["*"]) =>
    fns[fn].addToRolePolicy(new iam.PolicyStatement({ actions, resources }));
  const medicalJobs = `arn:${Aws.PARTITION}:transcribe:${Aws.REGION}:${Aws.ACCOUNT_ID}:medical-transcription-job/medpipe-*`;
  allow("start-recording", [
    "chime:CreateMediaCapturePipeline",
    "s3:GetBucketPolicy",
    "s3:GetBucketLocation",
  ]);
  allow("stop-capture", ["chime:DeleteMediaCapturePipeline"]);
  allow("check-capture", ["chime:GetMediaCapturePipeline"]);
  allow("start-concatenation", [
    "chime:CreateMediaConcatenationPipeline",
    "s3:GetBucketPolicy",
    "s3:GetBucketLocation",
  ]);
  recordings.grantRead(fns["verify-recording"]);
  recordings.grantRead(fns["start-transcription"]);
  transcripts.grantPut(fns["start-transcription"]);
  key.grantEncryptDecrypt(fns["start-transcription"]);
  allow("start-transcription", ["transcribe:StartMedicalTranscriptionJob"], [medicalJobs]);
  allow("check-transcription", ["transcribe:GetMedicalTranscriptionJob"], [medicalJobs]);
  transcripts.grantRead(fns["extract-entities"]);
  medicalData.grantPut(fns["extract-entities"]);
  key.grantEncryptDecrypt(fns["extract-entities"]);
  allow("extract-entities", [
    "comprehendmedical:DetectEntitiesV2",
    "comprehendmedical:InferICD10CM",
    "comprehendmedical:InferRxNorm",
    "comprehendmedical:InferSNOMEDCT",
  ]);
  allow("extract-entities", ["s3:PutObjectRetention"], [medicalData.arnForObjects("*")]);
  medicalData.grantRead(fns["post-results"]);
  key.grantDecrypt(fns["post-results"]);

  const logGroup = new logs.LogGroup(stack, "WorkflowLogs", {
    retention: logs.RetentionDays.ONE_YEAR,
    encryptionKey: key,
    removalPolicy: config.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });
  const definitions: Record<WorkflowName, { definition: sfn.IChainable; timeout: Duration }> = {
    "meeting-lifecycle": {
      definition: meetingLifecycle(new Construct(stack, "MeetingLifecycle"), fns),
      timeout: Duration.hours(2),
    },
    attendance: {
      definition: attendance(new Construct(stack, "Attendance"), fns),
      timeout: Duration.minutes(15),
    },
    "media-pipeline": {
      definition: mediaPipeline(new Construct(stack, "MediaPipeline"), fns),
      timeout: Duration.minutes(15),
    },
    transcription: {
      definition: transcription(new Construct(stack, "Transcription"), fns),
      timeout: Duration.seconds(
        MAX_FIRST_WAIT_SECONDS + config.transcription.pollSeconds * config.transcription.maxPolls,
      ).plus(Duration.hours(1)),
    },
  };
  const machines = Object.fromEntries(
    Object.entries(definitions).map(([workflow, { definition, timeout }]) => [
      workflow,
      new sfn.StateMachine(stack, `${pascalCase(workflow)}Workflow`, {
        stateMachineName: `${stack.stage}-medpipe-${workflow}`,
        stateMachineType: sfn.StateMachineType.STANDARD,
        comment: workflow,
        definitionBody: sfn.DefinitionBody.fromChainable(definition),
        timeout,
        tracingEnabled: true,
        logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      }),
    ]),
  ) as Record<WorkflowName, sfn.StateMachine>;

  return { fns, machines, taskProps };
}
