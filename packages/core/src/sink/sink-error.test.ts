import { describe, expect, it } from "vitest";
import { MediaPipelineNotRecordedError, MeetingSweptError, SinkError, sinkErrorOf } from "./sink-error.js";

const meetingId = "1e6bf4f5-f4b5-4917-b8c9-bda45c340706";

describe("sink errors", () => {
  it.each([
    [null, 0, "no answer"],
    [null, 502, "a gateway's bad gateway"],
    [null, 503, "a gateway's unavailable"],
    [null, 429, "a gateway's rate limit"],
    ["PGRST000", 503, "PostgREST cannot connect to the database"],
    ["PGRST001", 503, "PostgREST's internal connection error"],
    ["PGRST002", 503, "PostgREST's schema cache not loaded"],
    ["PGRST003", 504, "PostgREST's pool timed out"],
    ["08006", 503, "connection failure"],
    ["40001", 500, "serialization failure"],
    ["40P01", 500, "deadlock detected"],
    ["55P03", 500, "lock not available"],
    ["57P01", 503, "admin shutdown"],
    ["53300", 503, "too many connections"],
  ])("%s (HTTP %i, %s) is a SinkUnavailableError, the one a workflow retries", (code, status, _cause) => {
    const error = sinkErrorOf("ingest_transcript", meetingId, code, status);
    expect(error).toBeInstanceOf(SinkError);
    expect(error.name).toBe("SinkUnavailableError");
  });

  it.each([
    ["22P02", 400, "a malformed value"],
    ["42501", 401, "not the service role"],
    ["23503", 409, "a foreign key violation"],
    ["P0002", 400, "a row not found"],
    ["PGRST301", 401, "a token signed with another secret"],
    ["XX000", 500, "an internal error"],
    [null, 404, "no such route"],
  ])("%s (HTTP %i, %s) is a SinkError, which no retry fixes", (code, status, _cause) => {
    expect(sinkErrorOf("record_attendance", meetingId, code, status).name).toBe("SinkError");
  });

  it("names a write refused for a swept meeting, and a status before its pipeline, by their own errors", () => {
    expect(sinkErrorOf("record_attendance", meetingId, "MPS01", 400)).toBeInstanceOf(MeetingSweptError);
    expect(sinkErrorOf("record_media_pipeline_status", meetingId, "MPR01", 400)).toBeInstanceOf(
      MediaPipelineNotRecordedError,
    );
  });

  it("says which call failed for which meeting and with which code, and nothing sent", () => {
    expect(sinkErrorOf("record_attendance", meetingId, "MPS01", 400).message).toBe(
      `record_attendance failed for meeting ${meetingId}: code MPS01 (HTTP 400)`,
    );
  });
});
