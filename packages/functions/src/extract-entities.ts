import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { slotHolders } from "@medpipe/core/capacity";
import { entitiesKey, extractEntities } from "@medpipe/core/entities";
import { retainUntilOf } from "@medpipe/core/recording";
import { retainUntil } from "@medpipe/core/retention";
import { readTranscribeOutput } from "@medpipe/core/transcript";
import { taskTimeoutSeconds } from "@medpipe/core/workflow";
import { waitingFor } from "./runtime/capacity.js";
import { comprehendMedical, s3 } from "./runtime/clients.js";
import { useEnvironment } from "./runtime/environment.js";
import { metrics } from "./runtime/observability.js";
import { useCapacitySlots, useRateBuckets } from "./runtime/sink.js";
import { task } from "./runtime/task.js";

interface ExtractInput {
  meetingId: string;
  jobName: string;
  transcript: { bucket: string; key: string };
}

/**
 * Reads the transcript, extracts clinical entities with Comprehend Medical (its requests paced with every other
 * consult's through the shared rate buckets) and stores the entities document in the medical-data bucket under
 * Object Lock, as the bucket's default would lock it. Returns where both objects are and the retain-until date S3
 * enforces on each. Holds an extraction slot meanwhile; with none free, the step waits and asks again.
 */
export const handler = task("extract-entities", async (input: ExtractInput) => {
  const env = useEnvironment();
  const slots = useCapacitySlots();
  const holder = slotHolders.extraction(input.meetingId);
  const slot = await slots.acquire({
    resource: "extractions",
    holder,
    limit: env.config.capacity.extractions,
    ttlSeconds: taskTimeoutSeconds("extract-entities") + 60,
  });
  if (!slot.granted) return { status: "waiting", ...waitingFor("extractions") };
  try {
    return { status: "extracted", waiting: false, ...(await extractInto(input)) };
  } finally {
    await slots.release("extractions", holder);
  }
});

async function extractInto(input: ExtractInput) {
  const env = useEnvironment();
  const object = await s3().send(
    new GetObjectCommand({ Bucket: input.transcript.bucket, Key: input.transcript.key }),
  );
  const transcript = readTranscribeOutput((await object.Body?.transformToString("utf-8")) ?? "");
  const now = new Date();
  const document = await extractEntities({
    meetingId: input.meetingId,
    jobName: input.jobName,
    transcript,
    client: comprehendMedical(),
    snomedct: env.config.entities.snomedct,
    rates: useRateBuckets(),
    now,
  });
  const key = entitiesKey(input.meetingId, input.jobName);
  const lockedUntil = retainUntil(now);
  const stored = await s3().send(
    new PutObjectCommand({
      Bucket: env.buckets.medicalData,
      Key: key,
      Body: JSON.stringify(document),
      ContentType: "application/json",
      ServerSideEncryption: "aws:kms",
      SSEKMSKeyId: env.dataKeyArn,
      ObjectLockMode: env.config.retention.lockMode,
      ObjectLockRetainUntilDate: new Date(lockedUntil),
    }),
  );
  for (const [api, usage] of Object.entries(document.comprehend)) {
    const perApi = metrics.singleMetric();
    perApi.addDimension("api", api);
    perApi.addMetric("ComprehendBilledUnits", "Count", usage.billedUnits);
    perApi.addMetric("ComprehendRequests", "Count", usage.requests);
  }
  return {
    transcript: {
      ...input.transcript,
      versionId: object.VersionId ?? null,
      retainUntil: retainUntilOf(object, input.meetingId),
    },
    entitiesObject: {
      bucket: env.buckets.medicalData,
      key,
      versionId: stored.VersionId ?? null,
      retainUntil: lockedUntil,
    },
    entities: document.entities.length,
  };
}
