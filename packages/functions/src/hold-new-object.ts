import { parseEventOrThrow } from "@medpipe/core/events";
import { holdObjectIfMeetingHeld } from "@medpipe/core/retention";
import { s3 } from "./runtime/clients.js";
import { useEnvironment } from "./runtime/environment.js";
import { useSink } from "./runtime/sink.js";
import { task } from "./runtime/task.js";

/**
 * Run by an EventBridge rule on every object landing in a data bucket (capture chunks, recordings, transcripts,
 * entities, and the versions a replay writes): holds it when its meeting is under legal hold.
 */
export const handler = task("hold-new-object", async (input: unknown) => {
  const event = parseEventOrThrow(input);
  if (event.kind !== "object-created") throw new Error(`cannot hold an object on ${event.eventType}`);
  const { meetingId, held } = await holdObjectIfMeetingHeld({
    sink: useSink(),
    s3: s3(),
    buckets: useEnvironment().buckets,
    object: { bucket: event.bucket, key: event.key, versionId: event.versionId },
  });
  return { meetingId, held };
});
