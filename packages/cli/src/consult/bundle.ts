import { type ConsultOptions, generateConsult, type TranscribeMedicalOutput } from "./generate.js";
import { Random } from "./random.js";

/** A Chime SDK meeting or attendee event as EventBridge delivers it (Chime SDK developer guide, using-events). */
export interface ChimeMeetingStateChange {
  version: "0";
  id: string;
  "detail-type": "Chime Meeting State Change";
  source: "aws.chime";
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: {
    version: "0";
    eventType: string;
    timestamp: number;
    meetingId: string;
    externalMeetingId: string;
    attendeeId?: string;
    externalUserId?: string;
    networkType?: "Voip";
    mediaRegion: string;
  };
}

/** What `medpipe local` runs: the meeting's events by file name, in delivery order, and Transcribe's output. */
export interface ConsultBundle {
  events: Record<string, ChimeMeetingStateChange>;
  transcribeOutput: TranscribeMedicalOutput;
}

export interface ConsultBundleOptions extends ConsultOptions {
  startedAt: Date;
  /** The Chime meeting id; by default a UUID drawn from the seed. */
  meetingId?: string;
}

/** The Chime control region the meeting is created in, where its events reach EventBridge. */
const CONTROL_REGION = "eu-central-1";
/** Where the meeting's media is hosted: the clinic's data region. */
const MEDIA_REGION = "eu-west-1";
const ACCOUNT = "000000000000";
const UUID = /^[a-fA-F0-9]{8}(?:-[a-fA-F0-9]{4}){3}-[a-fA-F0-9]{12}$/;

/**
 * One synthetic consult as `medpipe local` takes it: the meeting starting, clinician and patient joining,
 * the patient then the clinician leaving and the meeting ending `minutes` after it started, with the
 * Transcribe Medical output of its recording. Ids and times are drawn from the seed: the same options give
 * the same bundle.
 *
 * @example
 * const bundle = consultBundle({ minutes: 6, seed: 412, startedAt: new Date("2026-04-12T09:00:00Z") });
 * Object.keys(bundle.events)[0]; // "01-meeting-started.json"
 */
export function consultBundle({ minutes, seed, startedAt, meetingId }: ConsultBundleOptions): ConsultBundle {
  if (meetingId !== undefined && !UUID.test(meetingId)) {
    throw new RangeError(`a Chime meeting id is a UUID, not ${meetingId}`);
  }
  const transcribeOutput = generateConsult({ minutes, seed });
  const random = new Random(seed);
  const meeting = {
    meetingId: meetingId ?? random.uuid(),
    externalMeetingId: `appointment-${startedAt
      .toISOString()
      .slice(0, 10)
      .replace(/-(\d\d)-/, "-$1")}`,
  };
  const attendee = (role: string) => ({
    attendeeId: random.uuid(),
    externalUserId: `${role}-${random.int(0, 0xffff).toString(16).padStart(4, "0")}`,
  });
  const clinician = attendee("clinician");
  const patient = attendee("patient");

  const start = startedAt.getTime();
  const end = start + minutes * 60_000;
  const clinicianJoins = start + random.int(2_000, 15_000);
  const patientJoins = clinicianJoins + random.int(10_000, 90_000);
  const clinicianLeaves = end - random.int(1_000, 3_000);
  const patientLeaves = clinicianLeaves - random.int(2_000, 8_000);

  const event = (eventType: string, timestamp: number, who?: typeof clinician): ChimeMeetingStateChange => ({
    version: "0",
    id: random.uuid(),
    "detail-type": "Chime Meeting State Change",
    source: "aws.chime",
    account: ACCOUNT,
    time: new Date(timestamp).toISOString().replace(/\.\d{3}Z$/, "Z"),
    region: CONTROL_REGION,
    resources: [],
    detail: {
      version: "0",
      eventType,
      timestamp,
      ...meeting,
      ...(who ? { ...who, networkType: "Voip" } : {}),
      mediaRegion: MEDIA_REGION,
    },
  });
  return {
    events: {
      "01-meeting-started.json": event("chime:MeetingStarted", start),
      "02-attendee-joined-clinician.json": event("chime:AttendeeJoined", clinicianJoins, clinician),
      "03-attendee-joined-patient.json": event("chime:AttendeeJoined", patientJoins, patient),
      "04-attendee-left-patient.json": event("chime:AttendeeLeft", patientLeaves, patient),
      "05-attendee-left-clinician.json": event("chime:AttendeeLeft", clinicianLeaves, clinician),
      "06-meeting-ended.json": event("chime:MeetingEnded", end),
    },
    transcribeOutput,
  };
}
