import type { PipelineConfig } from "@medpipe/core/config";
import { Duration, type RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as s3 from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";

/** What a locked bucket of the stage is made with. */
export interface LockedBucketProps {
  config: PipelineConfig;
  key: kms.IKey;
  accessLogs: s3.IBucket;
  removalPolicy: RemovalPolicy;
  /** A name fixed in advance (a replica's, which the primary region must know); CloudFormation's otherwise. */
  bucketName?: string;
  /** Send Object Created events to EventBridge (the data buckets whose objects the pipeline reacts to). */
  eventBridgeEnabled?: boolean;
}

/**
 * A bucket for records kept the retention period: SSE-KMS with the given key and bucket keys, versioned, Object
 * Lock with the stage's default retention (`config.retention`: the same days and mode in every region), TLS-only,
 * no public access, bucket-owner enforced, access logged, to Standard-IA and expired on the stage's lifecycle.
 * The data buckets, their replicas and the audit trail's bucket are all made here, so they cannot drift apart.
 *
 * @example
 * const recordings = lockedBucket(stack, "Recordings", { config, key, accessLogs, removalPolicy });
 */
export function lockedBucket(scope: Construct, id: string, props: LockedBucketProps): s3.Bucket {
  const { config } = props;
  const days = Duration.days(config.retention.days);
  return new s3.Bucket(scope, id, {
    bucketName: props.bucketName,
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: props.key,
    bucketKeyEnabled: true,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    objectLockEnabled: true,
    objectLockDefaultRetention:
      config.retention.lockMode === "COMPLIANCE"
        ? s3.ObjectLockRetention.compliance(days)
        : s3.ObjectLockRetention.governance(days),
    eventBridgeEnabled: props.eventBridgeEnabled,
    serverAccessLogsBucket: props.accessLogs,
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
        expiration: days,
        noncurrentVersionExpiration: Duration.days(config.storage.noncurrentVersionDays),
        abortIncompleteMultipartUploadAfter: Duration.days(config.storage.incompleteUploadDays),
      },
    ],
    removalPolicy: props.removalPolicy,
  });
}

/**
 * The bucket S3 delivers a region's server access logs to. S3 refuses Object Lock on a log delivery bucket
 * (docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html) and delivers logs only SSE-S3
 * encrypted, so the logs are kept by lifecycle for the retention period and nobody may delete them early: the
 * bucket policy denies every object deletion request (lifecycle expiry is S3's own and is not one).
 *
 * @example
 * const accessLogs = accessLogsBucket(stack, config, removalPolicy);
 */
export function accessLogsBucket(
  scope: Construct,
  config: PipelineConfig,
  removalPolicy: RemovalPolicy,
): s3.Bucket {
  const bucket = new s3.Bucket(scope, "AccessLogs", {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    lifecycleRules: [
      {
        id: "RetainSevenYears",
        expiration: Duration.days(config.retention.days),
        noncurrentVersionExpiration: Duration.days(config.storage.noncurrentVersionDays),
      },
    ],
    removalPolicy,
  });
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: "KeepAccessLogsForTheRetentionPeriod",
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ["s3:DeleteObject", "s3:DeleteObjectVersion"],
      resources: [bucket.arnForObjects("*")],
    }),
  );
  return bucket;
}
