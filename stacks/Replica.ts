import { replicaBucketName, replicaKeyAlias } from "@medpipe/core/retention";
import { Aws, RemovalPolicy } from "aws-cdk-lib";
import * as kms from "aws-cdk-lib/aws-kms";
import type { StackContext } from "sst/constructs";
import { useConfig } from "./config.js";
import { accessLogsBucket, lockedBucket } from "./locked-bucket.js";

/**
 * Deployed with the same stage to the secondary (disaster-recovery) region: the buckets the Storage stack
 * replicates the recordings, transcripts and medical data to, each locked like its source (same retention days
 * and mode: S3 copies each object's own retain-until date and legal hold with it, and a destination needs Object
 * Lock on for that), encrypted with a key of this region. Their names and the key's alias are derived in core, so
 * the primary region names them without a value from this one. Deploy it before the pipeline.
 */
export function Replica({ stack, app }: StackContext) {
  const config = useConfig(app);
  const removalPolicy = config.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
  const key = new kms.Key(stack, "ReplicaKey", {
    alias: replicaKeyAlias(app.stage),
    description: "Encrypts the replicas of consult recordings, transcripts and entities",
    enableKeyRotation: true,
    removalPolicy,
  });
  const accessLogs = accessLogsBucket(stack, config, removalPolicy);
  const scope = { stage: app.stage, account: Aws.ACCOUNT_ID, region: config.regions.secondary };
  const replica = (id: string, bucket: Parameters<typeof replicaBucketName>[1]) =>
    lockedBucket(stack, id, {
      config,
      key,
      accessLogs,
      removalPolicy,
      bucketName: replicaBucketName(scope, bucket),
    });
  const recordings = replica("RecordingsReplica", "recordings");
  const transcripts = replica("TranscriptsReplica", "transcripts");
  const medicalData = replica("MedicalDataReplica", "medicalData");

  stack.addOutputs({
    RecordingsReplicaBucket: recordings.bucketName,
    TranscriptsReplicaBucket: transcripts.bucketName,
    MedicalDataReplicaBucket: medicalData.bucketName,
    ReplicaKeyArn: key.keyArn,
  });
}
