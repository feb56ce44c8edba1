import { RETENTION_DAYS } from "@medpipe/core/retention";
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { synthesize } from "./synthesize.js";

const dataBuckets = ["Recordings", "Transcripts", "MedicalData"];

function storageOf(templates: Record<string, Record<string, unknown>>, stage: string): Template {
  const template = templates[`${stage}-medpipe-Storage`];
  if (!template) throw new Error(`no Storage stack for ${stage}`);
  return Template.fromJSON(template);
}

function resourceIdStartingWith(template: Template, type: string, prefix: string): string {
  const id = Object.keys(template.findResources(type)).find((logicalId) => logicalId.startsWith(prefix));
  if (!id) throw new Error(`no ${type} named ${prefix}`);
  return id;
}

describe("Storage stack", () => {
  let dev: Template;
  let prod: Template;
  let findings: unknown[];

  beforeAll(async () => {
    const synthesized = await synthesize({ stage: "test" });
    dev = storageOf(synthesized.templates, "test");
    findings = synthesized.findings;
    prod = storageOf((await synthesize({ stage: "prod" })).templates, "prod");
  });

  it("passes cdk-nag's HIPAA and AWS Solutions checks with only reviewed suppressions", () => {
    expect(findings).toEqual([]);
  });

  it("encrypts the data with one rotating customer managed key, and the audit trail with another", () => {
    dev.resourceCountIs("AWS::KMS::Key", 2);
    for (const key of Object.values(dev.findResources("AWS::KMS::Key"))) {
      expect(key.Properties.EnableKeyRotation).toBe(true);
    }
    dev.hasResourceProperties("AWS::KMS::Alias", { AliasName: "alias/test-medpipe-data" });
    dev.hasResourceProperties("AWS::KMS::Alias", { AliasName: "alias/test-medpipe-audit" });
  });

  it("lets Chime media pipelines use the key only on behalf of this account", () => {
    dev.hasResourceProperties("AWS::KMS::Key", {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: "mediapipelines.chime.amazonaws.com" },
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Condition: {
              StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } },
              ArnLike: { "aws:SourceArn": Match.anyValue() },
            },
          }),
        ]),
      },
    });
  });

  it.each(
    dataBuckets,
  )("%s bucket is SSE-KMS with bucket keys, versioned and publicly unreachable", (bucket) => {
    const id = resourceIdStartingWith(dev, "AWS::S3::Bucket", bucket);
    const properties = dev.findResources("AWS::S3::Bucket")[id]?.Properties;
    expect(properties.BucketEncryption.ServerSideEncryptionConfiguration[0]).toMatchObject({
      BucketKeyEnabled: true,
      ServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: expect.anything() },
    });
    expect(properties.VersioningConfiguration).toEqual({ Status: "Enabled" });
    expect(properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    dev.hasResourceProperties("Custom::S3BucketNotifications", {
      BucketName: { Ref: id },
      NotificationConfiguration: { EventBridgeConfiguration: {} },
    });
    expect(properties.LoggingConfiguration).toMatchObject({ LogFilePrefix: `${bucket}/` });
  });

  it.each(
    dataBuckets,
  )("%s bucket locks objects for seven years: GOVERNANCE in dev stages, COMPLIANCE in prod", (bucket) => {
    const lockOf = (template: Template) =>
      template.findResources("AWS::S3::Bucket")[resourceIdStartingWith(template, "AWS::S3::Bucket", bucket)]
        ?.Properties.ObjectLockConfiguration;
    expect(lockOf(dev)).toEqual({
      ObjectLockEnabled: "Enabled",
      Rule: { DefaultRetention: { Mode: "GOVERNANCE", Days: RETENTION_DAYS } },
    });
    expect(lockOf(prod)).toEqual({
      ObjectLockEnabled: "Enabled",
      Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: RETENTION_DAYS } },
    });
  });

  it.each(
    dataBuckets,
  )("%s bucket moves to cheaper storage, expires at 2557 days and cleans up leftovers", (bucket) => {
    const id = resourceIdStartingWith(dev, "AWS::S3::Bucket", bucket);
    const rule = dev.findResources("AWS::S3::Bucket")[id]?.Properties.LifecycleConfiguration.Rules[0];
    expect(rule).toMatchObject({
      Status: "Enabled",
      ExpirationInDays: 2557,
      Transitions: [{ StorageClass: "STANDARD_IA", TransitionInDays: 90 }],
      NoncurrentVersionExpiration: { NoncurrentDays: 30 },
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
    });
  });

  it("denies every request to every bucket that is not over TLS", () => {
    const policies = Object.values(dev.findResources("AWS::S3::BucketPolicy"));
    // The three data buckets, the access logs and the audit trail.
    expect(policies).toHaveLength(5);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: "Deny",
          Action: "s3:*",
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        }),
      );
    }
  });

  it("lets the Chime media pipeline service write recordings only from this account", () => {
    const recordings = resourceIdStartingWith(dev, "AWS::S3::Bucket", "Recordings");
    dev.hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: { Ref: recordings },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Allow",
            Principal: { Service: "mediapipelines.chime.amazonaws.com" },
            Action: Match.arrayWith(["s3:PutObject"]),
            Condition: Match.objectLike({ StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } } }),
          }),
        ]),
      },
    });
  });

  it("keeps production data when the stage is removed, and lets dev stages clean up", () => {
    for (const bucket of Object.values(prod.findResources("AWS::S3::Bucket"))) {
      expect(bucket.DeletionPolicy).toBe("Retain");
    }
    for (const key of Object.values(prod.findResources("AWS::KMS::Key")))
      expect(key.DeletionPolicy).toBe("Retain");
    for (const bucket of Object.values(dev.findResources("AWS::S3::Bucket"))) {
      expect(bucket.DeletionPolicy).toBe("Delete");
    }
  });
});
