import { Aws, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as s3 from "aws-cdk-lib/aws-s3";
import type { StackContext } from "sst/constructs";
import { auditTrail } from "./audit-trail.js";
import { useConfig } from "./config.js";
import { accessLogsBucket, lockedBucket } from "./locked-bucket.js";
import { allowLogGroupEncryption } from "./logs-key-policy.js";
import { replicateToSecondaryRegion } from "./replication.js";

const CHIME_MEDIA_PIPELINES = "mediapipelines.chime.amazonaws.com";

/**
 * The customer managed key and the locked, encrypted buckets that hold every consult's data, each replicated to
 * its replica in the secondary region (the Replica stack, deployed there first).
 */
export function Storage({ stack, app }: StackContext) {
  const config = useConfig(app);
  const removalPolicy = config.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
  const chimeFromThisAccount = {
    StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID },
    ArnLike: { "aws:SourceArn": `arn:${Aws.PARTITION}:chime:*:${Aws.ACCOUNT_ID}:*` },
  };

  const key = new kms.Key(stack, "DataKey", {
    alias: `alias/${app.stage}-${app.name}-data`,
    description: "Encrypts consult recordings, transcripts, entities and pipeline queues",
    enableKeyRotation: true,
    removalPolicy,
  });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: "ChimeMediaPipelinesEncryptRecordings",
      principals: [new iam.ServicePrincipal(CHIME_MEDIA_PIPELINES)],
      actions: ["kms:GenerateDataKey", "kms:Decrypt"],
      resources: ["*"],
      conditions: chimeFromThisAccount,
    }),
  );

  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: "EventBridgeArchiveAndDeadLetters",
      principals: [new iam.ServicePrincipal("events.amazonaws.com")],
      actions: ["kms:GenerateDataKey", "kms:Decrypt", "kms:DescribeKey"],
      resources: ["*"],
      conditions: { StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } },
    }),
  );
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: "CloudWatchAlarmsToEncryptedTopic",
      principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
      actions: ["kms:GenerateDataKey", "kms:Decrypt"],
      resources: ["*"],
      conditions: { StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } },
    }),
  );
  allowLogGroupEncryption(key, "CloudWatchLogsWorkflowLogs");

  const accessLogs = accessLogsBucket(stack, config, removalPolicy);
  const dataBucket = (id: string) =>
    lockedBucket(stack, id, { config, key, accessLogs, removalPolicy, eventBridgeEnabled: true });

  const recordings = dataBucket("Recordings");
  const transcripts = dataBucket("Transcripts");
  const medicalData = dataBucket("MedicalData");

  recordings.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: "ChimeMediaPipelinesWriteRecordings",
      principals: [new iam.ServicePrincipal(CHIME_MEDIA_PIPELINES)],
      actions: ["s3:PutObject", "s3:PutObjectAcl", "s3:GetObject", "s3:ListBucket"],
      resources: [recordings.bucketArn, recordings.arnForObjects("*")],
      conditions: chimeFromThisAccount,
    }),
  );

  const replication = replicateToSecondaryRegion(stack, config, key, {
    recordings,
    transcripts,
    medicalData,
  });
  const replicas = replication.map(({ destinationBucket }, i) =>
    s3.Bucket.fromBucketName(stack, `ReplicaBucket${i}`, destinationBucket),
  );
  const trail = auditTrail(stack, {
    config,
    accessLogs,
    removalPolicy,
    phiBuckets: [recordings, transcripts, medicalData, ...replicas],
  });

  stack.addOutputs({
    RecordingsBucket: recordings.bucketName,
    TranscriptsBucket: transcripts.bucketName,
    MedicalDataBucket: medicalData.bucketName,
    DataKeyArn: key.keyArn,
    AuditTrailArn: trail.trailArn,
  });

  return { key, recordings, transcripts, medicalData, accessLogs, replication };
}
