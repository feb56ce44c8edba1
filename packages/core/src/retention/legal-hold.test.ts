import { randomUUID } from "node:crypto";
import { PutObjectLegalHoldCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { consultIngest, consultRecording, lifecycleRun, postConsult } from "../sink/consult-fixture.js";
import type { EmbeddedSupabase } from "../sink/embedded/embedded-supabase.js";
import { startTestSupabase } from "../sink/embedded/test-tier.js";
import type { Sink } from "../sink/sink.js";
import { sinkClient } from "../sink/sink-client.js";
import { createSupabaseSink } from "../sink/supabase-sink.js";
import { LegalHoldError, placeLegalHold, releaseLegalHold } from "./legal-hold.js";

let supabase: EmbeddedSupabase;
let sink: Sink;
const s3 = mockClient(S3Client);
const client = new S3Client({ region: "eu-west-1" });

beforeAll(async () => {
  supabase = await startTestSupabase();
  sink = createSupabaseSink(sinkClient({ url: supabase.url, serviceRoleKey: supabase.serviceRoleKey }));
});
afterEach(async () => {
  s3.reset();
  await supabase.reset();
});
afterAll(() => supabase?.stop());

async function recordConsult(): Promise<string> {
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
  return meetingId;
}

function holdsSent(): Array<{ Key?: string; VersionId?: string; Status?: string }> {
  return s3.commandCalls(PutObjectLegalHoldCommand).map(({ args: [command] }) => ({
    Key: command.input.Key,
    VersionId: command.input.VersionId,
    Status: command.input.LegalHold?.Status,
  }));
}

describe("legal hold", () => {
  it("placing one flags the meeting and holds each version of its recording, transcript and entities", async () => {
    const meetingId = await recordConsult();
    s3.on(PutObjectLegalHoldCommand).resolves({});

    const objects = await placeLegalHold({ sink, s3: client, meetingId, reason: "litigation 2031-044" });

    expect(objects).toHaveLength(3);
    expect(holdsSent()).toEqual([
      { Key: `recordings/${meetingId}/audio.mp4`, VersionId: "r-v1", Status: "ON" },
      { Key: `transcripts/${meetingId}/2026-03-10T10:00:00Z.json`, VersionId: "t-v1", Status: "ON" },
      { Key: `entities/${meetingId}/2026-03-10T10:00:00Z.json`, VersionId: "e-v1", Status: "ON" },
    ]);
    expect(await sink.findMeeting(meetingId)).toMatchObject({ legalHold: true });
  });

  it("releasing one lifts each object's hold and clears the flag", async () => {
    const meetingId = await recordConsult();
    s3.on(PutObjectLegalHoldCommand).resolves({});
    await placeLegalHold({ sink, s3: client, meetingId, reason: "audit" });
    s3.resetHistory();

    await releaseLegalHold({ sink, s3: client, meetingId });

    expect(holdsSent().map((hold) => hold.Status)).toEqual(["OFF", "OFF", "OFF"]);
    expect(await sink.findMeeting(meetingId)).toMatchObject({ legalHold: false });
  });

  it("when S3 refuses to lift a hold, the meeting stays held and the error names the object", async () => {
    const meetingId = await recordConsult();
    s3.on(PutObjectLegalHoldCommand).resolves({});
    await placeLegalHold({ sink, s3: client, meetingId, reason: "audit" });
    s3.on(PutObjectLegalHoldCommand, { LegalHold: { Status: "OFF" }, VersionId: "t-v1" }).rejects(
      new S3ServiceException({ name: "AccessDenied", $fault: "client", $metadata: { httpStatusCode: 403 } }),
    );

    const error = await releaseLegalHold({ sink, s3: client, meetingId }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(LegalHoldError);
    expect(error).toMatchObject({
      meetingId,
      status: "OFF",
      code: "AccessDenied",
      object: { versionId: "t-v1" },
    });
    expect(await sink.findMeeting(meetingId)).toMatchObject({ legalHold: true });
  });

  it("placing one twice is harmless", async () => {
    const meetingId = await recordConsult();
    s3.on(PutObjectLegalHoldCommand).resolves({});
    await placeLegalHold({ sink, s3: client, meetingId, reason: "audit" });
    await placeLegalHold({ sink, s3: client, meetingId, reason: "audit" });
    expect(await sink.findMeeting(meetingId)).toMatchObject({ legalHold: true });
  });

  it("a hold on a meeting never recorded fails before touching S3", async () => {
    await expect(
      placeLegalHold({ sink, s3: client, meetingId: randomUUID(), reason: "audit" }),
    ).rejects.toMatchObject({
      name: "SinkError",
      code: "P0002",
    });
    expect(holdsSent()).toEqual([]);
  });
});
