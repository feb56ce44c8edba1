import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseEventOrThrow } from "@medpipe/core/events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeCommand, routeReport } from "./route.js";

const BIN = fileURLToPath(new URL("../../bin/medpipe.js", import.meta.url));
const REFERENCE_EVENTS = fileURLToPath(
  new URL("../../../../fixtures/aws-reference/events/", import.meta.url),
);
const EVENT_ID = "6a7e8feb-b491-4cf7-a9f1-bf3703467718";
const MEETING_ID = "1e6bf4f5-f4b5-4917-b8c9-bda45c340706";

const meetingEnded = {
  version: "0",
  id: EVENT_ID,
  "detail-type": "Chime Meeting State Change",
  source: "aws.chime",
  account: "210987654321",
  time: "2024-03-01T10:15:30Z",
  region: "eu-central-1",
  resources: [],
  detail: {
    version: "0",
    eventType: "chime:MeetingEnded",
    timestamp: 1709288130000,
    meetingId: MEETING_ID,
    externalMeetingId: "consult-2024-0042",
    mediaRegion: "eu-west-1",
  },
};

function concatenatedAudio(bucket: string) {
  return {
    ...meetingEnded,
    "detail-type": "Object Created",
    source: "aws.s3",
    detail: {
      version: "0",
      bucket: { name: bucket },
      object: { key: `concatenated/${MEETING_ID}/audio/2024-03-01T10-15-30.mp4`, size: 1024, etag: "e" },
      reason: "PutObject",
    },
  };
}

const { MEDPIPE_RECORDINGS_BUCKET: _, ...inherited } = process.env;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `medpipe route <file> [...args]`, through the package's bin, as a user runs it. Each run starts the whole
 * CLI, so the cases that do not need a process are tested in process below.
 */
function medpipeRoute(file: string, args: string[] = [], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, "route", file, ...args],
      { env: { ...inherited, ...env } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

let dir: string;
async function eventFile(name: string, content: unknown): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "medpipe-route-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function expectRefused(run: Run, line: string): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe("");
  expect(run.stderr).toBe(`${line}\n`);
}

describe("medpipe route <event.json>", () => {
  it("prints the workflow of a valid event as one JSON object, and exits 0", async () => {
    const replayed = await eventFile("replayed.json", {
      ...meetingEnded,
      "replay-name": "reprocess-2024-03",
    });
    const [original, replay] = await Promise.all([
      medpipeRoute(await eventFile("ended.json", meetingEnded)),
      medpipeRoute(replayed),
    ]);
    expect(original.code).toBe(0);
    expect(original.stderr).toBe("");
    expect(JSON.parse(original.stdout)).toEqual({
      workflow: "meeting-lifecycle",
      rule: "MeetingLifecycle",
      kind: "meeting",
      eventType: "chime:MeetingEnded",
      id: EVENT_ID,
      replay: false,
      replayName: null,
      idempotencyKey: EVENT_ID,
      occurredAt: "2024-03-01T10:15:30.000Z",
      meetingId: MEETING_ID,
    });
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.stdout)).toMatchObject({
      workflow: "meeting-lifecycle",
      replay: true,
      replayName: "reprocess-2024-03",
      idempotencyKey: `${EVENT_ID}_reprocess-2024-03`,
    });
  });

  it("routes concatenated audio in the bucket named by --recordings-bucket or MEDPIPE_RECORDINGS_BUCKET", async () => {
    const deployed = await eventFile("deployed.json", concatenatedAudio("medpipe-prod-recordings"));
    const runs = await Promise.all([
      medpipeRoute(deployed, ["--recordings-bucket", "medpipe-prod-recordings"]),
      medpipeRoute(deployed, [], { MEDPIPE_RECORDINGS_BUCKET: "medpipe-prod-recordings" }),
    ]);
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({
        workflow: "transcription",
        kind: "object-created",
        bucket: "medpipe-prod-recordings",
        key: `concatenated/${MEETING_ID}/audio/2024-03-01T10-15-30.mp4`,
      });
    }
  });

  it("refuses an invalid event with exit 2 and one line naming the field and the reason", async () => {
    const badMeeting = { ...meetingEnded, detail: { ...meetingEnded.detail, meetingId: "jane-doe" } };
    const [bad, documented, notJson] = await Promise.all([
      medpipeRoute(await eventFile("bad.json", badMeeting)),
      medpipeRoute(`${REFERENCE_EVENTS}chime-MeetingEnded.json`),
      medpipeRoute(await eventFile("not.json", "{ not json")),
    ]);
    expectRefused(bad, "invalid event: detail.meetingId: must be a UUID");
    expectRefused(documented, "invalid event: id: is required");
    expectRefused(notJson, "invalid event: (event): is not valid JSON");
  });

  it("refuses a file it cannot read with exit 2 and one clear line", async () => {
    const missing = join(dir, "missing.json");
    expectRefused(await medpipeRoute(missing), `cannot read event file ${missing}: ENOENT`);
  });
});

describe("routeReport (what medpipe route prints), in process", () => {
  it("defaults the recordings bucket to MEDPIPE_RECORDINGS_BUCKET, else `recordings` (local mode)", () => {
    const option = routeCommand.options.find((o) => o.long === "--recordings-bucket");
    expect(option?.defaultValue).toBe(process.env.MEDPIPE_RECORDINGS_BUCKET || "recordings");
    const local = parseEventOrThrow(concatenatedAudio("recordings"));
    expect(routeReport(local, "recordings").workflow).toBe("transcription");
    expect(routeReport(local, "medpipe-prod-recordings").workflow).toBeNull();
  });

  it("reports workflow null for a valid event the pipeline ignores", () => {
    const added = { ...meetingEnded.detail, eventType: "chime:AttendeeAdded", attendeeId: MEETING_ID };
    expect(routeReport(parseEventOrThrow({ ...meetingEnded, detail: added }), "recordings")).toMatchObject({
      workflow: null,
      rule: null,
      kind: "attendee",
      meetingId: MEETING_ID,
      attendeeId: MEETING_ID,
    });
  });
});
