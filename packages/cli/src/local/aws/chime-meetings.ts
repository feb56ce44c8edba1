import { randomBytes, randomUUID } from "node:crypto";
import {
  type Attendee,
  type AttendeeCapabilities,
  BadRequestException,
  type ChimeSDKMeetingsClient,
  CreateAttendeeCommand,
  CreateMeetingWithAttendeesCommand,
  DeleteMeetingCommand,
  GetMeetingCommand,
  ListAttendeesCommand,
  type Meeting,
  NotFoundException,
} from "@aws-sdk/client-chime-sdk-meetings";
import { chimeMediaRegions } from "@medpipe/core/config";
import type { AwsClientStub } from "aws-sdk-client-mock";
import type { LocalEvents } from "./events.js";
import { standIn } from "./stand-in.js";

export interface LocalChimeMeetingsOptions {
  events: LocalEvents;
  /** The control region the meetings are created in. */
  region: string;
  account: string;
}

interface LocalMeeting {
  meeting: Meeting;
  /** By ExternalUserId, which Chime compares case-insensitively. */
  attendees: Map<string, Attendee>;
  startedAt: Date;
  endedAt: Date | null;
}

/** What the stand-in knows of a meeting, for the local stage (how long its consult lasted). */
export interface LocalMeetingRecord {
  meetingId: string;
  externalMeetingId: string;
  startedAt: Date;
  endedAt: Date | null;
}

const CAPABILITY_VALUES = ["SendReceive", "Send", "Receive", "None"];
const ALL_CAPABILITIES: AttendeeCapabilities = {
  Audio: "SendReceive",
  Video: "SendReceive",
  Content: "SendReceive",
};

function badRequest(message: string): BadRequestException {
  return new BadRequestException({ message, $metadata: { httpStatusCode: 400 } });
}

function notFound(): NotFoundException {
  return new NotFoundException({ message: "The meeting was not found.", $metadata: { httpStatusCode: 404 } });
}

/** Length in characters, as the API reference counts them; `aws:` is reserved (ExternalUserId, ExternalMeetingId). */
function checkExternalId(field: string, value: string | undefined): string {
  const length = [...(value ?? "")].length;
  if (!value || length < 2 || length > 64) throw badRequest(`${field} must be 2 to 64 characters`);
  if (value.toLowerCase().startsWith("aws:")) throw badRequest(`${field} must not begin with aws:`);
  return value;
}

/** The AttendeeCapabilities rules of the API reference: content needs video SendReceive or Receive. */
function checkCapabilities(capabilities: AttendeeCapabilities | undefined): AttendeeCapabilities {
  if (!capabilities) return ALL_CAPABILITIES;
  for (const value of [capabilities.Audio, capabilities.Video, capabilities.Content]) {
    if (!CAPABILITY_VALUES.includes(String(value))) throw badRequest("Capabilities must each be set");
  }
  const receivesContent = capabilities.Content === "SendReceive" || capabilities.Content === "Receive";
  const receivesVideo = capabilities.Video === "SendReceive" || capabilities.Video === "Receive";
  if (receivesContent && !receivesVideo) {
    throw badRequest("Content SendReceive or Receive needs Video SendReceive or Receive");
  }
  return capabilities;
}

/**
 * Stands in for Chime SDK meetings (no local runtime exists) with the API's shapes and rules: meetings are
 * idempotent per ClientRequestToken, an ExternalUserId already in a meeting gets its existing attendee, a
 * deleted meeting is NotFound, and the documented `Chime Meeting State Change` events are emitted as things
 * happen: MeetingStarted on creation, AttendeeJoined as each attendee is created (there is no client to
 * connect), AttendeeLeft for each and MeetingEnded on DeleteMeeting or {@link endMeeting}.
 *
 * @example
 * const meetings = installLocalChimeMeetings(mockClient(ChimeSDKMeetingsClient), { events, region, account });
 */
export function installLocalChimeMeetings(
  mock: AwsClientStub<ChimeSDKMeetingsClient>,
  options: LocalChimeMeetingsOptions,
) {
  // The stub's command types are too deep for standIn's parameter to infer; the behaviours are typed below.
  const stub = mock as unknown as Parameters<typeof standIn>[0];
  const meetings = new Map<string, LocalMeeting>();
  const byToken = new Map<string, string>();

  const emit = (local: LocalMeeting, eventType: string, attendee?: Attendee) =>
    options.events.emit({
      source: "aws.chime",
      "detail-type": "Chime Meeting State Change",
      detail: {
        version: "0",
        eventType,
        timestamp: Date.now(),
        meetingId: local.meeting.MeetingId,
        ...(attendee
          ? { attendeeId: attendee.AttendeeId, externalUserId: attendee.ExternalUserId, networkType: "Voip" }
          : { externalMeetingId: local.meeting.ExternalMeetingId }),
        mediaRegion: local.meeting.MediaRegion,
      },
    });

  const live = (meetingId: string | undefined): LocalMeeting => {
    const local = meetings.get(meetingId ?? "");
    if (!local || local.endedAt) throw notFound();
    return local;
  };

  async function addAttendee(
    local: LocalMeeting,
    externalUserId: string | undefined,
    capabilities: AttendeeCapabilities | undefined,
  ) {
    const id = checkExternalId("ExternalUserId", externalUserId);
    const checked = checkCapabilities(capabilities);
    const existing = local.attendees.get(id.toLowerCase());
    if (existing) return existing;
    const attendee: Attendee = {
      ExternalUserId: id,
      AttendeeId: randomUUID(),
      JoinToken: randomBytes(48).toString("base64url"),
      Capabilities: checked,
    };
    local.attendees.set(id.toLowerCase(), attendee);
    await emit(local, "chime:AttendeeJoined", attendee);
    return attendee;
  }

  async function end(local: LocalMeeting) {
    local.endedAt = new Date();
    for (const attendee of local.attendees.values()) await emit(local, "chime:AttendeeLeft", attendee);
    await emit(local, "chime:MeetingEnded");
  }

  standIn(stub, CreateMeetingWithAttendeesCommand, async (input) => {
    const token = input.ClientRequestToken;
    if (token !== undefined && ([...token].length < 2 || [...token].length > 64)) {
      throw badRequest("ClientRequestToken must be 2 to 64 characters");
    }
    const attendeesRequested = input.Attendees ?? [];
    if (attendeesRequested.length < 1 || attendeesRequested.length > 20) {
      throw badRequest("Attendees must list 1 to 20 attendees");
    }
    const known = token ? meetings.get(byToken.get(token) ?? "") : undefined;
    let local = known;
    if (!local) {
      const externalMeetingId = checkExternalId("ExternalMeetingId", input.ExternalMeetingId);
      const mediaRegion = String(input.MediaRegion);
      if (!(chimeMediaRegions as readonly string[]).includes(mediaRegion)) {
        throw badRequest("MediaRegion is not a Chime SDK media region");
      }
      const maxCount = input.MeetingFeatures?.Attendee?.MaxCount;
      if (maxCount !== undefined && (maxCount < 1 || maxCount > 250)) {
        throw badRequest("MeetingFeatures.Attendee.MaxCount must be 1 to 250");
      }
      const meetingId = randomUUID();
      local = {
        meeting: meetingObject(meetingId, externalMeetingId, mediaRegion, options, input.MeetingFeatures),
        attendees: new Map(),
        startedAt: new Date(),
        endedAt: null,
      };
      meetings.set(meetingId, local);
      if (token) byToken.set(token, meetingId);
      await emit(local, "chime:MeetingStarted");
    }
    const attendees: Attendee[] = [];
    if (!local.endedAt) {
      for (const item of attendeesRequested) {
        attendees.push(await addAttendee(local, item.ExternalUserId, item.Capabilities));
      }
    }
    return { Meeting: local.meeting, Attendees: attendees, Errors: [] };
  });

  standIn(stub, CreateAttendeeCommand, async (input) => {
    const local = live(input.MeetingId);
    return { Attendee: await addAttendee(local, input.ExternalUserId, input.Capabilities) };
  });

  standIn(stub, GetMeetingCommand, async (input) => ({ Meeting: live(input.MeetingId).meeting }));

  standIn(stub, ListAttendeesCommand, async (input) => ({
    Attendees: [...live(input.MeetingId).attendees.values()],
  }));

  standIn(stub, DeleteMeetingCommand, async (input) => {
    await end(live(input.MeetingId));
    return {};
  });

  return {
    /**
     * Takes note of a meeting the rig hears of only by its events (a bundle's, a replay's), not created here:
     * Chime hosts it from its MeetingStarted until its MeetingEnded, and GetMeeting answers for it meanwhile.
     */
    heardOf(event: {
      eventType: string;
      meetingId: string;
      externalMeetingId?: string;
      mediaRegion?: string;
    }) {
      const known = meetings.get(event.meetingId);
      if (event.eventType === "chime:MeetingStarted" && !known) {
        const mediaRegion = event.mediaRegion ?? options.region;
        meetings.set(event.meetingId, {
          meeting: meetingObject(
            event.meetingId,
            event.externalMeetingId ?? "",
            mediaRegion,
            options,
            undefined,
          ),
          attendees: new Map(),
          startedAt: new Date(),
          endedAt: null,
        });
      }
      if (event.eventType === "chime:MeetingEnded" && known && !known.endedAt) known.endedAt = new Date();
    },
    /** Whether Chime hosts the meeting now: created or heard of, and not ended. */
    isLive(meetingId: string): boolean {
      const local = meetings.get(meetingId);
      return local !== undefined && local.endedAt === null;
    },
    /** Ends a meeting as Chime does on its own (5 minutes with nobody connected, or 24 hours after creation). */
    async endMeeting(meetingId: string): Promise<void> {
      await end(live(meetingId));
    },
    /** A meeting the stand-in created, ended or not. */
    meeting(meetingId: string): LocalMeetingRecord | null {
      const local = meetings.get(meetingId);
      if (!local) return null;
      return {
        meetingId,
        externalMeetingId: local.meeting.ExternalMeetingId ?? "",
        startedAt: local.startedAt,
        endedAt: local.endedAt,
      };
    },
  };
}

export type LocalChimeMeetings = ReturnType<typeof installLocalChimeMeetings>;

/** A meeting as CreateMeeting returns it, with media placement URLs of the form Chime gives. */
function meetingObject(
  meetingId: string,
  externalMeetingId: string,
  mediaRegion: string,
  where: Pick<LocalChimeMeetingsOptions, "region" | "account">,
  features: Meeting["MeetingFeatures"],
): Meeting {
  return {
    MeetingId: meetingId,
    ExternalMeetingId: externalMeetingId,
    MediaRegion: mediaRegion,
    MediaPlacement: {
      AudioHostUrl: `${randomBytes(16).toString("hex")}.k.m3.${mediaRegion}.app.chime.aws:3478`,
      AudioFallbackUrl: `wss://haxrp.m3.${mediaRegion}.app.chime.aws:443/calls/${meetingId}`,
      SignalingUrl: `wss://signal.m3.${mediaRegion}.app.chime.aws/control/${meetingId}`,
      TurnControlUrl: `https://2713.cell.${mediaRegion}.meetings.chime.aws/v2/turn_sessions`,
      EventIngestionUrl: `https://data.svc.${mediaRegion}.ingest.chime.aws/v1/client-events`,
    },
    MeetingFeatures: features,
    MeetingArn: `arn:aws:chime:${where.region}:${where.account}:meeting/${meetingId}`,
  };
}
