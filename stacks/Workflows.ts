import { configVariables } from "@medpipe/core/config";
import type { WorkflowName } from "@medpipe/core/events";
import {
  taskTimeoutSeconds,
  WORKFLOW_TASKS,
  type WorkflowTaskName,
  workflowTimeoutSeconds,
} from "@medpipe/core/workflow";
import { Aws, Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import * as sfn from "aws-cdk-lib/aws-stepfunctions";
import { Construct } from "constructs";
import { Config, type StackContext, use } from "sst/constructs";
import { useConfig } from "./config.js";
import { mediaPipelinesServiceLinkedRole } from "./media-pipelines-role.js";
import { Storage } from "./Storage.js";
import { pascalCase, taskFunction } from "./task-function.js";
import { attendance } from "./workflows/attendance.js";
import { mediaPipeline } from "./workflows/media-pipeline.js";
import { meetingLifecycle } from "./workflows/meeting-lifecycle.js";
import type { TaskFunctions } from "./workflows/steps.js";
import { transcription } from "./workflows/transcription.js";

/**
 * How long Step Functions reuses a data key of the customer managed key before asking KMS for another (60 s to
 * 15 min: docs.aws.amazon.com/step-functions/latest/apireference/API_EncryptionConfiguration.html).
 */
const DATA_KEY_REUSE = Duration.minutes(5);

/**
 * The Lambda tasks and the four Standard state machines (JSONPath) of the pipeline. Step Functions keeps each
 * execution's input, output and history for 90 days: they are encrypted with the customer managed key, so only a
 * principal allowed to decrypt with it (the workflows themselves, the failure recorder, the operator role) reads
 * them; CDK grants each state machine's role its use and lets CloudWatch Logs' delivery decrypt for the log group.
 */
export function Workflows({ stack, app }: StackContext) {
  const config = useConfig(app);
  const { key, recordings, transcripts, medicalData } = use(Storage);
  const supabaseUrl = new Config.Secret(stack, "SUPABASE_URL");
  const supabaseServiceRoleKey = new Config.Secret(stack, "SUPABASE_SERVICE_ROLE_KEY");

  /** What every task function is given: the sink's secrets, the configuration it was deployed with, the buckets and the key. */
  const taskProps = {
    bind: [supabaseUrl, supabaseServiceRoleKey],
    environment: {
      SST_STAGE: app.stage,
      ...configVariables(config),
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
        timeout: taskTimeoutSeconds(name),
        memorySize: name === "extract-entities" ? 1024 : 256,
      }),
    ]),
  ) as TaskFunctions;

  const allow = (fn: WorkflowTaskName, actions: string[], resources = ["*"]) =>
    fns[fn].addToRolePolicy(new iam.PolicyStatement({ actions, resources }));
  const medicalJobs = `arn:${Aws.PARTITION}:transcribe:${Aws.REGION}:${Aws.ACCOUNT_ID}:medical-transcription-job/medpipe-*`;
  mediaPipelinesServiceLinkedRole(stack);
  // Either event may be the one that starts the concatenation (whichever sees both the capture and the end).
  allow("start-recording", [
    "chime:CreateMediaCapturePipeline",
    "chime:CreateMediaConcatenationPipeline",
    "chime:GetMeeting",
    "s3:GetBucketPolicy",
    "s3:GetBucketLocation",
  ]);
  allow("end-meeting", [
    "chime:CreateMediaConcatenationPipeline",
    "chime:DeleteMediaCapturePipeline",
    "s3:GetBucketPolicy",
    "s3:GetBucketLocation",
  ]);
  recordings.grantRead(fns["verify-recording"]);
  allow("verify-recording", ["s3:GetObjectRetention"], [recordings.arnForObjects("*")]);
  recordings.grantRead(fns["transcribe-recording"]);
  transcripts.grantPut(fns["transcribe-recording"]);
  key.grantEncryptDecrypt(fns["transcribe-recording"]);
  allow(
    "transcribe-recording",
    ["transcribe:StartMedicalTranscriptionJob", "transcribe:GetMedicalTranscriptionJob"],
    [medicalJobs],
  );
  allow("transcribe-recording", ["transcribe:ListMedicalTranscriptionJobs"]);
  transcripts.grantRead(fns["extract-entities"]);
  allow("extract-entities", ["s3:GetObjectRetention"], [transcripts.arnForObjects("*")]);
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
  const definitions: Record<WorkflowName, sfn.IChainable> = {
    "meeting-lifecycle": meetingLifecycle(
      new Construct(stack, "MeetingLifecycle"),
      fns,
      taskTimeoutSeconds("start-recording"),
    ),
    attendance: attendance(new Construct(stack, "Attendance"), fns, taskTimeoutSeconds("record-attendance")),
    "media-pipeline": mediaPipeline(
      new Construct(stack, "MediaPipeline"),
      fns,
      taskTimeoutSeconds("track-media-pipeline"),
    ),
    transcription: transcription(new Construct(stack, "Transcription"), fns, taskTimeoutSeconds),
  };
  const machines = Object.fromEntries(
    Object.entries(definitions).map(([workflow, definition]) => [
      workflow,
      new sfn.StateMachine(stack, `${pascalCase(workflow)}Workflow`, {
        stateMachineName: `${stack.stage}-medpipe-${workflow}`,
        stateMachineType: sfn.StateMachineType.STANDARD,
        comment: workflow,
        definitionBody: sfn.DefinitionBody.fromChainable(definition),
        timeout: Duration.seconds(workflowTimeoutSeconds(config)[workflow as WorkflowName]),
        tracingEnabled: true,
        logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
        encryptionConfiguration: new sfn.CustomerManagedEncryptionConfiguration(key, DATA_KEY_REUSE),
      }),
    ]),
  ) as Record<WorkflowName, sfn.StateMachine>;

  return { fns, machines, taskProps };
}
