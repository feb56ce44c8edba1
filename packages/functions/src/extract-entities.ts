import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { entitiesKey, extractEntities } from "@medpipe/core/entities";
import { parseTranscribeOutput } from "@medpipe/core/transcript";
import { comprehendMedical, s3 } from "./runtime/clients.js";
import { useEnvironment } from "./runtime/environment.js";
import { metrics } from "./runtime/observability.js";
import { task } from "./runtime/task.js";

interface ExtractInput {
  meetingId: string;
  jobName: string;
  transcript: { bucket: string; key: string };
  retainUntil: string;
}

/**
 * Reads the transcript, extracts clinical entities with Comprehend Medical and stores the entities document in
 * the medical-data bucket under Object Lock until the meeting's retain-until date. Returns only where it is.
 */
export const handler = task("extract-entities", async (input: ExtractInput) => {
  const env = useEnvironment();
  const object = await s3().send(
    new GetObjectCommand({ Bucket: input.transcript.bucket, Key: input.transcript.key }),
  );
  const transcript = parseTranscribeOutput(
    JSON.parse((await object.Body?.transformToString("utf-8")) ?? "null"),
  );
  const document = await extractEntities({
    meetingId: input.meetingId,
    jobName: input.jobName,
    transcript,
    client: comprehendMedical(),
    snomedct: env.config.entities.snomedct,
    now: new Date(),
  });
  const key = entitiesKey(input.meetingId, input.jobName);
  const stored = await s3().send(
    new PutObjectCommand({
      Bucket: env.buckets.medicalData,
      Key: key,
      Body: JSON.stringify(document),
      ContentType: "application/json",
      ServerSideEncryption: "aws:kms",
      SSEKMSKeyId: env.dataKeyArn,
      ObjectLockMode: env.config.retention.lockMode,
      ObjectLockRetainUntilDate: new Date(input.retainUntil),
    }),
  );
  for (const [api, usage] of Object.entries(document.comprehend)) {
    const perApi = metrics.singleMetric();
    perApi.addDimension("api", api);
    perApi.addMetric("ComprehendBilledUnits", "Count", usage.billedUnits);
    perApi.addMetric("ComprehendRequests", "Count", usage.requests);
  }
  return {
    entitiesObject: { bucket: env.buckets.medicalData, key, versionId: stored.VersionId ?? null },
    entities: document.entities.length,
  };
});
