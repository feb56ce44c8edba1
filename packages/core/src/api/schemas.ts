import * as z from "zod";
import { STANDARD_MESSAGE_MAX_BYTES } from "../messaging/limits.js";

/** The schemas the API validates with and documents (OpenAPI components, by these names). */
export const apiSchemas = z.registry<{ id: string; description?: string }>();

const UUID = /^[a-fA-F0-9]{8}(?:-[a-fA-F0-9]{4}){3}-[a-fA-F0-9]{12}$/;
const uuid = z.string().regex(UUID, "must be a UUID");
const time = z.iso.datetime({ offset: true });

export const consultIdPath = z.object({ consultId: uuid.describe("The consult: the app's appointment id.") });

/** Chime's MessageId (API reference, ChannelMessage): 1 to 128 of `[-_a-zA-Z0-9]`. */
const messageId = z
  .string()
  .regex(/^[-_a-zA-Z0-9]{1,128}$/, "must be a Chime message id")
  .describe("The message: Chime's MessageId, as the post answered it.");

export const messageIdPath = consultIdPath.extend({ messageId });

export const postMessageBody = z
  .object({
    content: z
      .string()
      .min(1, "must not be empty")
      .refine(
        (content) => Buffer.byteLength(content, "utf8") <= STANDARD_MESSAGE_MAX_BYTES,
        `must be at most ${STANDARD_MESSAGE_MAX_BYTES} bytes of UTF-8 (Chime's limit for a standard message)`,
      )
      .describe("What the caller says: plain text, at most 4 KB of UTF-8."),
    clientRequestToken: z
      .string()
      .regex(/^[-_a-zA-Z0-9]{2,64}$/, "must be 2 to 64 of letters, digits, - and _")
      .optional()
      .describe(
        "The app's own id for this message (e.g. a UUID made when the user pressed send): a request retried with " +
          "the same token sends the message once. Without it, every request is a new message.",
      ),
  })
  .register(apiSchemas, { id: "PostMessage" });

export const postMessageResponse = z
  .object({ messageId: messageId.describe("The message's id in the consult's channel, and in `chat`.") })
  .register(apiSchemas, { id: "PostedMessage" });

export const redactMessageResponse = z
  .object({ messageId, redacted: z.literal(true) })
  .register(apiSchemas, { id: "RedactedMessage" });

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
export type PostMessageResponse = z.infer<typeof postMessageResponse>;
export type RedactMessageResponse = z.infer<typeof redactMessageResponse>;
