import * as z from "zod";

/** Who takes part in a consult, and so what they may do in it. */
export const PARTICIPANT_ROLES = ["clinician", "patient", "interpreter", "observer"] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

/** PostgreSQL renders timestamps as `2026-03-10T09:30:00+00:00`; the pipeline speaks `…Z`. */
const timestamp = z.string().transform((value) => new Date(value).toISOString());

/** A consult as the consult RPCs return it (supabase/migrations, `private.consult_document`). */
export const consultDocument = z.object({
  consultId: z.string(),
  startsAt: timestamp,
  endsAt: timestamp,
  closedAt: timestamp.nullable(),
  consent: z.object({ userId: z.string(), givenAt: timestamp }).nullable(),
  participants: z.array(z.object({ userId: z.string(), role: z.enum(PARTICIPANT_ROLES) })),
  /** Its latest Chime meeting; live while `endedAt` is null. */
  meeting: z
    .object({ generation: z.number().int(), meetingId: z.string(), endedAt: timestamp.nullable() })
    .nullable(),
});

/** The app's appointment: its join window, participants, recording consent and latest meeting. */
export type Consult = z.output<typeof consultDocument>;
export type Participant = Consult["participants"][number];
export type ConsultMeeting = NonNullable<Consult["meeting"]>;

/** The consult's meeting while it is live (neither ended through the API nor recorded as ended), else null. */
export function liveMeetingOf(consult: Consult): ConsultMeeting | null {
  return consult.meeting && consult.meeting.endedAt === null ? consult.meeting : null;
}
