import {
  BadRequestException,
  ChimeSDKMeetingsClient,
  CreateAttendeeCommand,
  CreateMeetingWithAttendeesCommand,
  DeleteMeetingCommand,
  GetMeetingCommand,
  ListAttendeesCommand,
  NotFoundException,
} from "@aws-sdk/client-chime-sdk-meetings";
import { parseEventOrThrow } from "@medpipe/core/events";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { installLocalChimeMeetings, type LocalChimeMeetings } from "./chime-meetings.js";
import { type EmittedEvent, envelope } from "./events.js";

const mock = mockClient(ChimeSDKMeetingsClient);
const client = new ChimeSDKMeetingsClient({
  region: "eu-central-1",
  credentials: { accessKeyId: "x", secretAccessKey: "x" },
});
const events: EmittedEvent[] = [];
let meetings: LocalChimeMeetings;

const request = (token: string, externalUserId = "0b6f4c1e-7d2a-4f9b-8c3d-2e1f0a9b8c7d") =>
  new CreateMeetingWithAttendeesCommand({
    ClientRequestToken: token,
    ExternalMeetingId: "5c1d7f3e-2b4a-4c8e-9f10-1a2b3c4d5e6f",
    MediaRegion: "eu-west-1",
    MeetingFeatures: { Attendee: { MaxCount: 10 } },
    Attendees: [
      {
        ExternalUserId: externalUserId,
        Capabilities: { Audio: "SendReceive", Video: "Receive", Content: "Receive" },
      },
    ],
  });

beforeEach(() => {
  events.length = 0;
  meetings = installLocalChimeMeetings(mock, {
    events: { emit: async (event) => void events.push(event) },
    region: "eu-central-1",
    account: "111122223333",
  });
});
afterEach(() => mock.reset());

describe("the Chime SDK meetings stand-in", () => {
  it("creates one meeting per ClientRequestToken, with Chime's shapes, and emits MeetingStarted once", async () => {
    const first = await client.send(request("token-1"));
    const again = await client.send(request("token-1"));
    expect(again.Meeting).toEqual(first.Meeting);
    expect(first.Meeting).toMatchObject({
      ExternalMeetingId: "5c1d7f3e-2b4a-4c8e-9f10-1a2b3c4d5e6f",
      MediaRegion: "eu-west-1",
      MeetingArn: `arn:aws:chime:eu-central-1:111122223333:meeting/${first.Meeting?.MeetingId}`,
      MediaPlacement: { SignalingUrl: expect.stringMatching(/^wss:\/\//), AudioHostUrl: expect.any(String) },
    });
    expect(again.Attendees?.[0]).toEqual(first.Attendees?.[0]);
    expect(events.map((event) => event.detail.eventType)).toEqual([
      "chime:MeetingStarted",
      "chime:AttendeeJoined",
    ]);
    expect((await client.send(request("token-2"))).Meeting?.MeetingId).not.toBe(first.Meeting?.MeetingId);
  });

  it("gives an ExternalUserId already in the meeting its attendee, whatever its case", async () => {
    const { Meeting, Attendees } = await client.send(request("token-1", "user-a"));
    const { Attendee } = await client.send(
      new CreateAttendeeCommand({ MeetingId: Meeting?.MeetingId, ExternalUserId: "USER-A" }),
    );
    expect(Attendee).toEqual(Attendees?.[0]);
    const listed = await client.send(new ListAttendeesCommand({ MeetingId: Meeting?.MeetingId }));
    expect(listed.Attendees).toHaveLength(1);
  });

  it("refuses what Chime refuses: content without video, a reserved or short id, a region with no media", async () => {
    const { Meeting } = await client.send(request("token-1"));
    const refused = [
      new CreateAttendeeCommand({
        MeetingId: Meeting?.MeetingId,
        ExternalUserId: "user-b",
        Capabilities: { Audio: "SendReceive", Video: "None", Content: "Receive" },
      }),
      new CreateAttendeeCommand({ MeetingId: Meeting?.MeetingId, ExternalUserId: "aws:user" }),
      new CreateAttendeeCommand({ MeetingId: Meeting?.MeetingId, ExternalUserId: "u" }),
      new CreateMeetingWithAttendeesCommand({ ...request("token-3").input, MediaRegion: "eu-central-2" }),
      new CreateMeetingWithAttendeesCommand({ ...request("token-4").input, Attendees: [] }),
    ];
    for (const command of refused) {
      await expect(client.send(command as never)).rejects.toBeInstanceOf(BadRequestException);
    }
  });

  it("ends a meeting on DeleteMeeting: attendees leave, MeetingEnded, then NotFound for everything", async () => {
    const { Meeting } = await client.send(request("token-1"));
    events.length = 0;
    await client.send(new DeleteMeetingCommand({ MeetingId: Meeting?.MeetingId }));
    expect(events.map((event) => event.detail.eventType)).toEqual([
      "chime:AttendeeLeft",
      "chime:MeetingEnded",
    ]);
    for (const command of [
      new GetMeetingCommand({ MeetingId: Meeting?.MeetingId }),
      new DeleteMeetingCommand({ MeetingId: Meeting?.MeetingId }),
      new CreateAttendeeCommand({ MeetingId: Meeting?.MeetingId, ExternalUserId: "user-c" }),
    ]) {
      await expect(client.send(command as never)).rejects.toBeInstanceOf(NotFoundException);
    }
    expect(meetings.meeting(Meeting?.MeetingId ?? "")?.endedAt).toBeInstanceOf(Date);
  });

  it("emits events the pipeline reads as the documented meeting and attendee events", async () => {
    const { Meeting } = await client.send(request("token-1"));
    await meetings.endMeeting(Meeting?.MeetingId ?? "");
    const parsed = events.map((event) =>
      parseEventOrThrow(envelope(event, { account: "111122223333", region: "eu-central-1" })),
    );
    expect(parsed.map((event) => [event.kind, event.eventType])).toEqual([
      ["meeting", "chime:MeetingStarted"],
      ["attendee", "chime:AttendeeJoined"],
      ["attendee", "chime:AttendeeLeft"],
      ["meeting", "chime:MeetingEnded"],
    ]);
    expect(parsed[1]).toMatchObject({
      meetingId: Meeting?.MeetingId,
      externalUserId: "0b6f4c1e-7d2a-4f9b-8c3d-2e1f0a9b8c7d",
    });
    expect(parsed[3]).toMatchObject({ externalMeetingId: "5c1d7f3e-2b4a-4c8e-9f10-1a2b3c4d5e6f" });
  });
});
