import type { PipelineConfig } from "@medpipe/core/config";
import { type DataBucket, replicaBucketName, replicaKeyAlias } from "@medpipe/core/retention";
import { Aws, type Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as s3 from "aws-cdk-lib/aws-s3";

/** The replication rule of every data bucket (one rule, the whole bucket). */
export const REPLICATION_RULE_ID = "ToSecondaryRegion";

/**
 * S3 Replication Time Control: 99.99% of objects replicated within 15 minutes, with replication metrics and the
 * `OperationMissedThreshold` event at the same threshold; 15 is the only value S3 accepts
 * (docs.aws.amazon.com/AmazonS3/latest/API/API_ReplicationTimeValue.html).
 */
const REPLICATION_MINUTES = 15;

/** A data bucket and the name of its replica in the secondary region. */
export interface Replication {
  source: s3.Bucket;
  destinationBucket: string;
  ruleId: string;
}

/**
 * Replicates each data bucket, every object and version (SSE-KMS ones included, re-encrypted with the replica
 * key), to its replica of the same name in the secondary region, with Replication Time Control and metrics, under
 * a role that may only read these buckets' versions for replication and write replicas into those buckets. S3
 * copies each object's Object Lock retain-until date and legal hold with it. Delete markers are not replicated: a
 * delete in the primary region, by mistake or by an attacker, must not hide the replica; the replica expires by
 * its own lifecycle at the same age.
 *
 * @example
 * const replication = replicateToSecondaryRegion(stack, config, key, { recordings, transcripts, medicalData });
 */
export function replicateToSecondaryRegion(
  stack: Stack,
  config: PipelineConfig,
  key: kms.IKey,
  buckets: Record<DataBucket, s3.Bucket>,
): Replication[] {
  const secondary = config.regions.secondary;
  const scope = { stage: config.stage, account: Aws.ACCOUNT_ID, region: secondary };
  const replicaKeyArn = `arn:${Aws.PARTITION}:kms:${secondary}:${Aws.ACCOUNT_ID}:${replicaKeyAlias(config.stage)}`;
  const replications = (Object.entries(buckets) as [DataBucket, s3.Bucket][]).map(([bucket, source]) => ({
    source,
    destinationBucket: replicaBucketName(scope, bucket),
    ruleId: REPLICATION_RULE_ID,
  }));
  const destinationArn = (name: string) => `arn:${Aws.PARTITION}:s3:::${name}`;

  const role = new iam.Role(stack, "ReplicationRole", {
    description: "S3 replication of the data buckets to their replicas in the secondary region",
    assumedBy: new iam.ServicePrincipal("s3.amazonaws.com", {
      conditions: { StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } },
    }),
  });
  const sources = replications.map(({ source }) => source);
  const destinations = replications.map(({ destinationBucket }) => destinationArn(destinationBucket));
  const statements = [
    new iam.PolicyStatement({
      sid: "ReadReplicationConfiguration",
      actions: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
      resources: sources.map((bucket) => bucket.bucketArn),
    }),
    new iam.PolicyStatement({
      sid: "ReadSourceVersionsWithTheirLocks",
      actions: [
        "s3:GetObjectVersionForReplication",
        "s3:GetObjectVersionAcl",
        "s3:GetObjectVersionTagging",
        "s3:GetObjectRetention",
        "s3:GetObjectLegalHold",
      ],
      resources: sources.map((bucket) => bucket.arnForObjects("*")),
    }),
    new iam.PolicyStatement({
      sid: "WriteReplicas",
      actions: ["s3:ReplicateObject", "s3:ReplicateTags"],
      resources: destinations.map((arn) => `${arn}/*`),
    }),
    // With bucket keys the encryption context is the bucket's ARN, without them the object's.
    new iam.PolicyStatement({
      sid: "DecryptSourceObjects",
      actions: ["kms:Decrypt"],
      resources: [key.keyArn],
      conditions: {
        StringEquals: { "kms:ViaService": `s3.${config.regions.data}.amazonaws.com` },
        StringLike: {
          "kms:EncryptionContext:aws:s3:arn": sources.flatMap((bucket) => [
            bucket.bucketArn,
            bucket.arnForObjects("*"),
          ]),
        },
      },
    }),
    // The replica key's id is known only in its region: it is named by its alias.
    new iam.PolicyStatement({
      sid: "EncryptReplicas",
      actions: ["kms:Encrypt", "kms:GenerateDataKey"],
      resources: [`arn:${Aws.PARTITION}:kms:${secondary}:${Aws.ACCOUNT_ID}:key/*`],
      conditions: {
        "ForAnyValue:StringEquals": { "kms:ResourceAliases": replicaKeyAlias(config.stage) },
        StringEquals: { "kms:ViaService": `s3.${secondary}.amazonaws.com` },
        StringLike: {
          "kms:EncryptionContext:aws:s3:arn": destinations.flatMap((arn) => [arn, `${arn}/*`]),
        },
      },
    }),
  ];
  // Attached from the policy's side: the buckets name the role, and the policy names the buckets.
  new iam.ManagedPolicy(stack, "ReplicationPolicy", {
    description: "Replicate the data buckets to their replicas in the secondary region",
    statements,
    roles: [role],
  });

  for (const { source, destinationBucket, ruleId } of replications) {
    const bucket = source.node.defaultChild as s3.CfnBucket;
    bucket.replicationConfiguration = {
      role: role.roleArn,
      rules: [
        {
          id: ruleId,
          status: "Enabled",
          priority: 0,
          filter: { prefix: "" },
          deleteMarkerReplication: { status: "Disabled" },
          sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
          destination: {
            bucket: destinationArn(destinationBucket),
            encryptionConfiguration: { replicaKmsKeyId: replicaKeyArn },
            replicationTime: { status: "Enabled", time: { minutes: REPLICATION_MINUTES } },
            metrics: { status: "Enabled", eventThreshold: { minutes: REPLICATION_MINUTES } },
          },
        },
      ],
    };
  }
  return replications;
}
