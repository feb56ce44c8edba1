import type { DataBucket } from "./meeting-objects.js";

/** S3's longest bucket name (docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). */
const LONGEST_BUCKET_NAME = 63;
/** An AWS account id is always 12 digits; the stacks pass the account as a token that is longer at synth time. */
const ACCOUNT_ID_LENGTH = 12;
const BUCKET_NAME = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;

/** Where a stage's replica lives: its stage, the account, and the secondary region. */
export interface ReplicaScope {
  stage: string;
  account: string;
  region: string;
}

/** A stage whose replica bucket names S3 would refuse, named so that the deployer can pick another. */
export class ReplicaNameError extends Error {
  override name = "ReplicaNameError";
}

const SLUGS: Record<DataBucket, string> = {
  recordings: "recordings",
  transcripts: "transcripts",
  medicalData: "medical-data",
};

/**
 * The name of a data bucket's replica in the secondary region, `<stage>-medpipe-<bucket>-<account>-<region>`:
 * the Replica stack creates the bucket under it and the Storage stack replicates to it, each deriving it here,
 * so that neither needs a value from the other region. Bucket names are global, hence the account and region.
 *
 * @example
 * replicaBucketName({ stage: "prod", account: "111122223333", region: "af-south-1" }, "medicalData");
 * // "prod-medpipe-medical-data-111122223333-af-south-1"
 */
export function replicaBucketName(scope: ReplicaScope, bucket: DataBucket): string {
  const name = `${scope.stage}-medpipe-${SLUGS[bucket]}-${scope.account}-${scope.region}`;
  const deployedLength = name.length - scope.account.length + ACCOUNT_ID_LENGTH;
  const deployed = name.replace(scope.account, "0".repeat(ACCOUNT_ID_LENGTH));
  if (deployedLength > LONGEST_BUCKET_NAME || !BUCKET_NAME.test(deployed)) {
    throw new ReplicaNameError(
      `stage ${scope.stage}: the replica bucket name ${deployed.replace(/0{12}/, "<account>")} is not a valid ` +
        `S3 bucket name (lower-case letters, digits and hyphens, at most ${LONGEST_BUCKET_NAME} characters)`,
    );
  }
  return name;
}

/**
 * The alias of the replica buckets' customer managed key in the secondary region: the Storage stack names the key
 * by its alias ARN, since the key's own id is only known in that region.
 *
 * @example
 * replicaKeyAlias("prod"); // "alias/prod-medpipe-replica"
 */
export function replicaKeyAlias(stage: string): string {
  return `alias/${stage}-medpipe-replica`;
}
