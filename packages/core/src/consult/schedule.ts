import * as z from "zod";
import { isUuid } from "../events/uuid.js";
import { PARTICIPANT_ROLES } from "./consult.js";

const uuid = z
  .string()
  .refine(isUuid, "must be a UUID")
  .transform((value) => value.toLowerCase());
const isoTime = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());

/**
 * What the app's backend (or `medpipe consult schedule`) schedules: the consult's id, its join window and its
 * participants: exactly one patient, at least one clinician, each user once. `closed` cancels or completes it.
 */
export const consultSchedule = z
  .object({
    consultId: uuid,
    startsAt: isoTime,
    endsAt: isoTime,
    participants: z
      .array(z.object({ userId: uuid, role: z.enum(PARTICIPANT_ROLES) }))
      .refine(
        (list) => list.filter((p) => p.role === "patient").length === 1,
        "must name exactly one patient",
      )
      .refine((list) => list.some((p) => p.role === "clinician"), "must name at least one clinician")
      .refine((list) => new Set(list.map((p) => p.userId)).size === list.length, "must name each user once"),
    closed: z.boolean().optional(),
  })
  .refine((schedule) => Date.parse(schedule.endsAt) > Date.parse(schedule.startsAt), {
    path: ["endsAt"],
    message: "must be after startsAt",
  });

export type ConsultSchedule = z.output<typeof consultSchedule>;

/** A schedule that is not one: names the field, never its value. */
export class InvalidScheduleError extends Error {
  override name = "InvalidScheduleError";
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`invalid consult schedule: ${field}: ${reason}`);
  }
}

/**
 * The schedule, checked, or an {@link InvalidScheduleError} naming the first wrong field.
 *
 * @example
 * readSchedule({ consultId, startsAt, endsAt, participants: [{ userId, role: "patient" }, ...] });
 */
export function readSchedule(input: unknown): ConsultSchedule {
  const parsed = consultSchedule.safeParse(input);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  throw new InvalidScheduleError(issue?.path.join(".") || "(schedule)", issue?.message ?? "is invalid");
}
