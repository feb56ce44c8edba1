import type { PipelineConfig } from "@medpipe/core/config";
import { Aws, type RemovalPolicy, type Stack } from "aws-cdk-lib";
import * as cloudtrail from "aws-cdk-lib/aws-cloudtrail";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as s3 from "aws-cdk-lib/aws-s3";
import { lockedBucket } from "./locked-bucket.js";
import { allowLogGroupEncryption } from "./logs-key-policy.js";

/** The trail's name: fixed, so that its key policy can name it before it exists. */
export const auditTrailName = (stage: string) => `${stage}-medpipe-audit`;

export interface AuditTrailProps {
  config: PipelineConfig;
  accessLogs: s3.IBucket;
  removalPolicy: RemovalPolicy;
  /** The PHI buckets whose every object read and write is recorded: the data buckets and their replicas. */
  phiBuckets: s3.IBucket[];
}

/**
 * Every access to PHI recorded: a multi-Region CloudTrail trail with the management events of every region (KMS
 * key use among them) and the S3 data events (reads and writes) of the data buckets and their replicas, with
 * log file validation (signed digest files), encrypted with a key of its own (who may read PHI is not who may read
 * the audit), into a bucket under Object Lock for the retention period, and copied to CloudWatch Logs for a year
 * of queries and metric filters. A trail rather than a CloudTrail Lake event data store: the log files sit in a
 * locked bucket of the account whose integrity the digests prove, and S3 data events cost per event rather than
 * Lake's ingestion per GB.
 *
 * @example
 * const trail = auditTrail(stack, { config, accessLogs, removalPolicy, phiBuckets: [recordings, …] });
 */
export function auditTrail(stack: Stack, props: AuditTrailProps): cloudtrail.Trail {
  const { config, removalPolicy } = props;
  const trailName = auditTrailName(config.stage);
  const trailArn = `arn:${Aws.PARTITION}:cloudtrail:${Aws.REGION}:${Aws.ACCOUNT_ID}:trail/${trailName}`;
  const key = new kms.Key(stack, "AuditKey", {
    alias: `alias/${config.stage}-medpipe-audit`,
    description: "Encrypts the CloudTrail audit trail of the consult data",
    enableKeyRotation: true,
    removalPolicy,
  });
  // docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: "CloudTrailEncryptsLogFiles",
      principals: [new iam.ServicePrincipal("cloudtrail.amazonaws.com")],
      actions: ["kms:GenerateDataKey*"],
      resources: ["*"],
      conditions: {
        StringLike: {
          "kms:EncryptionContext:aws:cloudtrail:arn": `arn:${Aws.PARTITION}:cloudtrail:*:${Aws.ACCOUNT_ID}:trail/*`,
        },
        StringEquals: { "aws:SourceArn": trailArn },
      },
    }),
  );
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: "CloudTrailDescribesKey",
      principals: [new iam.ServicePrincipal("cloudtrail.amazonaws.com")],
      actions: ["kms:DescribeKey"],
      resources: ["*"],
      conditions: { StringEquals: { "aws:SourceArn": trailArn } },
    }),
  );
  allowLogGroupEncryption(key, "CloudWatchLogsAuditLogs");
  const bucket = lockedBucket(stack, "AuditTrail", {
    config,
    key,
    accessLogs: props.accessLogs,
    removalPolicy,
  });
  const logGroup = new logs.LogGroup(stack, "AuditTrailLogs", {
    retention: logs.RetentionDays.ONE_YEAR,
    encryptionKey: key,
    removalPolicy,
  });
  const trail = new cloudtrail.Trail(stack, "Trail", {
    trailName,
    bucket,
    encryptionKey: key,
    enableFileValidation: true,
    isMultiRegionTrail: true,
    includeGlobalServiceEvents: true,
    managementEvents: cloudtrail.ReadWriteType.ALL,
    sendToCloudWatchLogs: true,
    cloudWatchLogGroup: logGroup,
  });
  trail.addS3EventSelector(
    props.phiBuckets.map((phiBucket) => ({ bucket: phiBucket })),
    { readWriteType: cloudtrail.ReadWriteType.ALL, includeManagementEvents: true },
  );
  return trail;
}
