import { GetObjectCommand } from "@aws-sdk/client-s3";
import { entitiesDocumentSchema } from "@medpipe/core/entities";
import type { StoredObject } from "@medpipe/core/sink";
import { runHolderOf, type WorkflowRun } from "@medpipe/core/workflow";
import { s3 } from "./runtime/clients.js";
import { useSink } from "./runtime/sink.js";
import { task } from "./runtime/task.js";

type Locked = StoredObject & { retainUntil: string };

interface PostInput {
  meetingId: string;
  jobName: string;
  transcript: Locked;
  entitiesObject: Locked;
  completedAt: string | null;
  run: WorkflowRun;
}

/**
 * Posts the transcript, its turns and entities to Supabase from the stored entities document (the source of
 * truth), idempotently per transcription job: a retry, redrive or replay re-posts without duplicating rows. The
 * last step of the transcription workflow: the run's success is recorded with the rows.
 */
export const handler = task("post-results", async (input: PostInput) => {
  const object = await s3().send(
    new GetObjectCommand({
      Bucket: input.entitiesObject.bucket,
      Key: input.entitiesObject.key,
      VersionId: input.entitiesObject.versionId ?? undefined,
    }),
  );
  const document = entitiesDocumentSchema.parse(
    JSON.parse((await object.Body?.transformToString("utf-8")) ?? "null"),
  );
  const ingested = await useSink().ingestTranscript({
    idempotencyKey: input.jobName,
    finishesRun: runHolderOf(input.run),
    transcript: input.transcript,
    entitiesObject: input.entitiesObject,
    document,
    completedAt: input.completedAt ?? document.createdAt,
  });
  return { transcriptId: ingested.transcriptId, turns: ingested.turns, entities: ingested.entities };
});
