import { Aws, Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as s3 from "aws-cdk-lib/aws-s3";
import type { StackContext } from "sst/constructs";
import { useConfig } from "./config.js";

const CHIME_MEDIA_PIPELINES = "mediapipelines.chime.amazonaws.com";

/** The customer managed key and the locked, encrypted buckets that hold every consult's data. */
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
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: "CloudWatchLogsWorkflowLogs",
      principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
      actions: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
      resources: ["*"],
      conditions: {
        ArnLike: {
          "kms:EncryptionContext:aws:logs:arn": `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:*`,
        },
      },
    }),
  );

  const accessLogs = new s3.Bucket(stack, "AccessLogs", {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    lifecycleRules: [{ expiration: Duration.days(config.retention.days) }],
    removalPolicy,
  });

  const lockRetention =
    config.retention.lockMode === "COMPLIANCE"
      ? s3.ObjectLockRetention.compliance(Duration.days(config.retention.days))
      : s3.ObjectLockRetention.governance(Duration.days(config.retention.days));

  const dataBucket = (id: string) =>
    new s3.Bucket(stack, id, {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: lockRetention,
      eventBridgeEnabled: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: `${id}/`,
      lifecycleRules: [
        {
          id: "RetainSevenYears",
          transitions: [
            {
              storageClass: s3.StorageClass.INFREQUENT_ACCESS,
              transitionAfter: Duration.days(config.storage.infrequentAccessAfterDays),
            },
          ],
          expiration: Duration.days(config.retention.days),
          noncurrentVersionExpiration: Duration.days(config.storage.noncurrentVersionDays),
          abortIncompleteMultipartUploadAfter: Duration.days(config.storage.incompleteUploadDays),
        },
      ],
      removalPolicy,
    });

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

  stack.addOutputs({
    RecordingsBucket: recordings.bucketName,
    TranscriptsBucket: transcripts.bucketName,
    MedicalDataBucket: medicalData.bucketName,
    DataKeyArn: key.keyArn,
  });

  return { key, recordings, transcripts, medicalData, accessLogs };
}
