import * as z from "zod";

const timestamp = z.string().transform((value) => new Date(value).toISOString());

/**
 * What the app shows of a consult (`public.consult_status`): ids, states and counts, never anything said in it.
 * The meeting, recording, transcript, entities and failure are those of its latest meeting.
 */
export const consultStatus = z.object({
  consultId: z.string(),
  startsAt: timestamp,
  endsAt: timestamp,
  closed: z.boolean(),
  consent: z.object({ givenAt: timestamp }).nullable(),
  meeting: z
    .object({
      meetingId: z.string(),
      state: z.enum(["live", "ended"]),
      startedAt: timestamp.nullable(),
      endedAt: timestamp.nullable(),
    })
    .nullable(),
  /** `started`: a capture pipeline is recording it; `stored`: its concatenated recording is kept. */
  recording: z.enum(["none", "started", "stored"]),
  transcriptReady: z.boolean(),
  entityCount: z.number().int(),
  /** The state that failed in the meeting's last failed workflow run, if any. */
  lastFailureStep: z.string().nullable(),
});

export type ConsultStatus = z.output<typeof consultStatus>;
