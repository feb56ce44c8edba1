import { randomUUID } from "node:crypto";
import {
  ListObjectVersionsCommand,
  PutObjectLegalHoldCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { consultIngest, consultRecording, lifecycleRun, postConsult } from "../sink/consult-fixture.js";
import type { EmbeddedSupabase } from "../sink/embedded/embedded-supabase.js";
import { startTestSupabase } from "../sink/embedded/test-tier.js";
import type { Sink } from "../sink/sink.js";
import { sinkClient } from "../sink/sink-client.js";
import { createSupabaseSink } from "../sink/supabase-sink.js";
import { holdObjectIfMeetingHeld, LegalHoldError, placeLegalHold, releaseLegalHold } from "./legal-hold.js";
import { meetingOfObject, meetingPrefixes } from "./meeting-objects.js";
import { VersionedBuckets } from "./s3-versions.fixture.js";

let supabase: EmbeddedSupabase;
let sink: Sink;
const s3 = mockClient(S3Client);
const client = new S3Client({ region: "eu-west-1" });
const buckets = {
  recordings: "prod-recordings",
  transcripts: "prod-transcripts",
  medicalData: "prod-medical",
};
let stored: VersionedBuckets;

beforeAll(async () => {
  supabase = await startTestSupabase();
  sink = createSupabaseSink(sinkClient({ url: supabase.url, serviceRoleKey: supabase.serviceRoleKey }));
});
beforeEach(() => {
  stored = new VersionedBuckets(Object.values(buckets));
  stored.install(s3);
});
afterEach(async () => {
  s3.reset();
  await supabase.reset();
});
afterAll(() => supabase?.stop());

/**
 * A recorded consult and what S3 holds of it: capture chunks the database never records, the concatenated
 * recording written twice (a replay rewrote it), the transcript and entities document; and another meeting's.
 */
async function recordConsult(chunks = 3): Promise<string> {
  const meetingId = randomUUID();
  await sink.recordMeetingStart(lifecycleRun("started", meetingId), {
    meetingId,
    externalMeetingId: "appt-1",
    startedAt: "2026-03-10T09:30:00Z",
  });
  const { run, recording } = consultRecording(meetingId);
  await sink.recordRecording(run, recording);
  await postConsult(
    sink,
    consultIngest({ meetingId, idempotencyKey: "ingest-1", completedAt: "2026-03-10T10:00:00Z" }),
  );
  for (let chunk = 0; chunk < chunks; chunk++) {
    stored.put(
      buckets.recordings,
      `captures/${meetingId}/audio/2026-03-10-09-30-${String(chunk).padStart(5, "0")}.mp4`,
    );
  }
  stored.put(buckets.recordings, `concatenated/${meetingId}/audio/a.mp4`);
  stored.put(buckets.recordings, `concatenated/${meetingId}/audio/a.mp4`);
  stored.put(buckets.transcripts, `medical/${meetingId}/medpipe-${meetingId}-1.json`);
  stored.put(buckets.medicalData, `entities/${meetingId}/medpipe-${meetingId}-1.json`);
  stored.put(buckets.recordings, `captures/${randomUUID()}/audio/other-meeting.mp4`);
  return meetingId;
}

describe("a meeting's objects", () => {
  it("are everything under its capture, concatenation, transcript and entities prefixes", () => {
    const id = "16ca8b41-0ca0-4234-9645-68ed5e4c0a5f";
    expect(meetingPrefixes(id)).toEqual([
      { bucket: "recordings", prefix: `captures/${id}/` },
      { bucket: "recordings", prefix: `concatenated/${id}/` },
      { bucket: "transcripts", prefix: `medical/${id}/` },
      { bucket: "medicalData", prefix: `entities/${id}/` },
    ]);
    expect(meetingOfObject("recordings", `captures/${id.toUpperCase()}/audio/1.mp4`)).toBe(id);
    expect(meetingOfObject("transcripts", `medical/${id}/job.json`)).toBe(id);
    expect(meetingOfObject("recordings", `medical/${id}/job.json`)).toBeNull();
    expect(meetingOfObject("medicalData", "entities/not-a-meeting/job.json")).toBeNull();
  });
});

describe("legal hold", () => {
  it("placing one flags the meeting and holds every version under its prefixes, chunks and rewrites included", async () => {
    const meetingId = await recordConsult();

    const objects = await placeLegalHold({
      sink,
      s3: client,
      buckets,
      meetingId,
      reason: "litigation 2031-044",
    });

    expect(objects).toHaveLength(7);
    expect(stored.held().sort()).toEqual(objects.map((o) => `${o.bucket}/${o.key}?${o.versionId}`).sort());
    expect(stored.held().filter((held) => held.includes(`concatenated/${meetingId}/`))).toHaveLength(2);
    expect(stored.held().some((held) => held.includes("other-meeting"))).toBe(false);
    expect(await sink.findMeeting(meetingId)).toMatchObject({ legalHold: true });
  });

  it("reads every page of a long consult's versions", async () => {
    const meetingId = await recordConsult(2_345);

    const objects = await placeLegalHold({ sink, s3: client, buckets, meetingId, reason: "audit" });

    expect(objects).toHaveLength(2_349);
    expect(stored.held()).toHaveLength(2_349);
    expect(s3.commandCalls(ListObjectVersionsCommand).length).toBeGreaterThanOrEqual(6);
  });

  it("releasing one lifts every version's hold, those written after it was placed too, and clears the flag", async () => {
    const meetingId = await recordConsult();
    await placeLegalHold({ sink, s3: client, buckets, meetingId, reason: "audit" });
    const replayed = {
      bucket: buckets.medicalData,
      key: `entities/${meetingId}/medpipe-${meetingId}-1.json`,
      versionId: stored.put(buckets.medicalData, `entities/${meetingId}/medpipe-${meetingId}-1.json`),
    };
    expect(await holdObjectIfMeetingHeld({ sink, s3: client, buckets, object: replayed })).toEqual({
      meetingId,
      held: true,
    });

    const released = await releaseLegalHold({ sink, s3: client, buckets, meetingId });

    expect(released).toHaveLength(8);
    expect(stored.held()).toEqual([]);
    expect(await sink.findMeeting(meetingId)).toMatchObject({ legalHold: false });
  });

  it("a version that lands while a hold is released, and is held as it lands, is released too", async () => {
    const meetingId = await recordConsult();
    await placeLegalHold({ sink, s3: client, buckets, meetingId, reason: "audit" });
    const key = `captures/${meetingId}/audio/late.mp4`;
    const racing: Sink = {
      ...sink,
      // The hold-new-object rule reads the flag just before the release clears it.
      async releaseLegalHold(id) {
        const object = { bucket: buckets.recordings, key, versionId: stored.put(buckets.recordings, key) };
        expect(await holdObjectIfMeetingHeld({ sink, s3: client, buckets, object })).toMatchObject({
          held: true,
        });
        await sink.releaseLegalHold(id);
      },
    };

    const released = await releaseLegalHold({ sink: racing, s3: client, buckets, meetingId });

    expect(released.map((o) => o.key)).toContain(key);
    expect(stored.held()).toEqual([]);
  });

  it("when S3 refuses to lift a hold, the meeting stays held and the error names the object", async () => {
    const meetingId = await recordConsult();
    await placeLegalHold({ sink, s3: client, buckets, meetingId, reason: "audit" });
    const refused = new S3ServiceException({
      name: "AccessDenied",
      $fault: "client",
      $metadata: { httpStatusCode: 403 },
    });
    const transcript = `medical/${meetingId}/medpipe-${meetingId}-1.json`;
    s3.on(PutObjectLegalHoldCommand, { LegalHold: { Status: "OFF" }, Key: transcript }).rejects(refused);

    const error = await releaseLegalHold({ sink, s3: client, buckets, meetingId }).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(LegalHoldError);
    expect(error).toMatchObject({
      meetingId,
      status: "OFF",
      code: "AccessDenied",
      object: { key: transcript },
    });
    expect(await sink.findMeeting(meetingId)).toMatchObject({ legalHold: true });
  });

  it("placing one twice is harmless", async () => {
    const meetingId = await recordConsult();
    await placeLegalHold({ sink, s3: client, buckets, meetingId, reason: "audit" });
    await placeLegalHold({ sink, s3: client, buckets, meetingId, reason: "audit" });
    expect(stored.held()).toHaveLength(7);
    expect(await sink.findMeeting(meetingId)).toMatchObject({ legalHold: true });
  });

  it("a hold on a meeting never recorded fails before touching S3", async () => {
    await expect(
      placeLegalHold({ sink, s3: client, buckets, meetingId: randomUUID(), reason: "audit" }),
    ).rejects.toMatchObject({ name: "SinkError", code: "P0002" });
    expect(s3.calls()).toEqual([]);
  });
});

describe("an object that lands", () => {
  it("is held when its meeting is under legal hold, and left alone otherwise", async () => {
    const held = await recordConsult(0);
    const free = await recordConsult(0);
    await placeLegalHold({ sink, s3: client, buckets, meetingId: held, reason: "audit" });
    const land = (meetingId: string) => {
      const key = `captures/${meetingId}/audio/new.mp4`;
      return { bucket: buckets.recordings, key, versionId: stored.put(buckets.recordings, key) };
    };
    const heldChunk = land(held);
    const freeChunk = land(free);
    const stray = {
      bucket: buckets.recordings,
      key: "logs/x.json",
      versionId: stored.put(buckets.recordings, "logs/x.json"),
    };

    expect(await holdObjectIfMeetingHeld({ sink, s3: client, buckets, object: heldChunk })).toEqual({
      meetingId: held,
      held: true,
    });
    expect(await holdObjectIfMeetingHeld({ sink, s3: client, buckets, object: freeChunk })).toEqual({
      meetingId: free,
      held: false,
    });
    expect(await holdObjectIfMeetingHeld({ sink, s3: client, buckets, object: stray })).toEqual({
      meetingId: null,
      held: false,
    });
    const id = (o: { bucket: string; key: string; versionId: string }) =>
      `${o.bucket}/${o.key}?${o.versionId}`;
    expect(stored.held()).toContain(id(heldChunk));
    expect(stored.held()).not.toContain(id(freeChunk));
    expect(stored.held()).not.toContain(id(stray));
  });
});
