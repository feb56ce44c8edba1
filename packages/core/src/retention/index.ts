export {
  holdObjectIfMeetingHeld,
  LegalHoldError,
  type LegalHoldRequest,
  placeLegalHold,
  releaseLegalHold,
} from "./legal-hold.js";
export {
  type DataBucket,
  type DataBuckets,
  listMeetingVersions,
  meetingOfObject,
  meetingPrefixes,
  objectLandedPattern,
} from "./meeting-objects.js";
export { RETENTION_DAYS } from "./period.js";
export {
  ReplicaNameError,
  type ReplicaScope,
  replicaBucketName,
  replicaKeyAlias,
} from "./replica.js";
export { retainUntil, retentionCutoff } from "./retain-until.js";
export { type SweepMetrics, sweepRetention } from "./sweeper.js";
