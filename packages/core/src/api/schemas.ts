import * as z from "zod";

/** The schemas the API validates with and documents (OpenAPI components, by these names). */
export const apiSchemas = z.registry<{ id: string; description?: string }>();

const UUID = /^[a-fA-F0-9]{8}(?:-[a-fA-F0-9]{4}){3}-[a-fA-F0-9]{12}$/;
const uuid = z.string().regex(UUID, "must be a UUID");
const time = z.iso.datetime({ offset: true });

export const consultIdPath = z.object({ consultId: uuid.describe("The consult: the app's appointment id.") });

export const errorBody = z
  .object({
    error: z.object({
      code: z
        .string()
        .describe("What went wrong, for the app to act on: e.g. `token-expired`, `consult-closed`."),
      message: z.string().describe("The same for a person, naming the field at fault; never patient data."),
    }),
  })
  .register(apiSchemas, { id: "Error" });

const capability = z.enum(["SendReceive", "Send", "Receive", "None"]);

export const chimeMeeting = z
  .looseObject({
    MeetingId: uuid,
    MeetingArn: z.string().optional(),
    ExternalMeetingId: z.string().describe("The consult id."),
    MediaRegion: z.string(),
    MediaPlacement: z.looseObject({
      AudioHostUrl: z.string(),
      AudioFallbackUrl: z.string(),
      SignalingUrl: z.string(),
      TurnControlUrl: z.string(),
      EventIngestionUrl: z.string().optional(),
    }),
    MeetingFeatures: z.looseObject({}).optional(),
    TenantIds: z.array(z.string()).optional(),
  })
  .register(apiSchemas, {
    id: "Meeting",
    description: "Chime SDK's CreateMeeting `Meeting`, as amazon-chime-sdk-js and flutter_aws_chime take it.",
  });

export const chimeAttendee = z
  .looseObject({
    AttendeeId: z.string(),
    ExternalUserId: z.string().describe("The Supabase user id."),
    JoinToken: z.string(),
    Capabilities: z.object({ Audio: capability, Video: capability, Content: capability }).optional(),
  })
  .register(apiSchemas, { id: "Attendee", description: "Chime SDK's CreateAttendee `Attendee`." });

export const joinResponse = z
  .object({ Meeting: chimeMeeting, Attendee: chimeAttendee })
  .register(apiSchemas, { id: "JoinResponse" });

export const endResponse = z
  .object({
    consultId: uuid,
    meetingId: uuid.nullable().describe("The meeting ended; null when none was live."),
  })
  .register(apiSchemas, { id: "EndResponse" });

export const consentResponse = z
  .object({
    consultId: uuid,
    consentedAt: time.describe("When the patient consented (the first time, if they consent again)."),
    meetingId: uuid
      .nullable()
      .describe("The live meeting whose recording starts now; null: the next meeting's."),
  })
  .register(apiSchemas, { id: "ConsentResponse" });

export const statusResponse = z
  .object({
    consultId: uuid,
    startsAt: time,
    endsAt: time,
    closed: z.boolean(),
    consent: z.object({ givenAt: time }).nullable(),
    meeting: z
      .object({
        meetingId: uuid,
        state: z.enum(["live", "ended"]),
        startedAt: time.nullable(),
        endedAt: time.nullable(),
      })
      .nullable()
      .describe("The consult's latest meeting."),
    recording: z.enum(["none", "started", "stored"]),
    transcriptReady: z.boolean(),
    entityCount: z.number().int(),
    lastFailureStep: z.string().nullable().describe("The workflow state that failed last, if any."),
  })
  .register(apiSchemas, { id: "ConsultStatus" });

export type JoinResponse = z.infer<typeof joinResponse>;
export type EndResponse = z.infer<typeof endResponse>;
export type ConsentResponse = z.infer<typeof consentResponse>;
export type StatusResponse = z.infer<typeof statusResponse>;
export type ErrorBody = z.infer<typeof errorBody>;
