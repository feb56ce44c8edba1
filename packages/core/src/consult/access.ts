import type { Consult, Participant, ParticipantRole } from "./consult.js";
import { ConsultClosedError, NotParticipantError, OutsideJoinWindowError, WrongRoleError } from "./errors.js";

/**
 * The caller's part in the consult, or a {@link NotParticipantError}.
 *
 * @example
 * const { role } = participantOf(consult, userId);
 */
export function participantOf(consult: Consult, userId: string): Participant {
  const participant = consult.participants.find((p) => p.userId === userId.toLowerCase());
  if (!participant) throw new NotParticipantError(consult.consultId);
  return participant;
}

/**
 * The caller's part in the consult, which must be one of `roles` to `action`, or a {@link WrongRoleError}.
 *
 * @example
 * participantWithRole(consult, userId, ["clinician"], "end its meeting");
 */
export function participantWithRole(
  consult: Consult,
  userId: string,
  roles: readonly ParticipantRole[],
  action: string,
): Participant {
  const participant = participantOf(consult, userId);
  if (!roles.includes(participant.role)) throw new WrongRoleError(consult.consultId, action, roles);
  return participant;
}

/**
 * Throws unless the consult is open and `now` is within its join window (start and end included).
 *
 * @example
 * assertJoinable(consult, new Date());
 */
export function assertJoinable(consult: Consult, now: Date): void {
  assertOpen(consult);
  const time = now.getTime();
  if (time < Date.parse(consult.startsAt) || time > Date.parse(consult.endsAt)) {
    throw new OutsideJoinWindowError(consult.consultId, consult.startsAt, consult.endsAt);
  }
}

/**
 * Throws a {@link ConsultClosedError} for a closed consult.
 *
 * @example
 * assertOpen(consult);
 */
export function assertOpen(consult: Consult): void {
  if (consult.closedAt !== null) throw new ConsultClosedError(consult.consultId);
}
