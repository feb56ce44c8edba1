/**
 * Why a consult request was refused: a named error per reason, carrying the consult id (never a name or
 * anything a patient said), which the API turns into its status code.
 *
 * @example
 * try { await joinConsult(...) } catch (e) { if (e instanceof ConsultNotFoundError) return 404 }
 */
export class ConsultRequestError extends Error {
  constructor(
    /** Stable, for the app to act on: `consult-not-found`, `wrong-role`, ... */
    readonly code: string,
    readonly consultId: string,
    message: string,
  ) {
    super(message);
  }
}

/** No consult has this id. */
export class ConsultNotFoundError extends ConsultRequestError {
  override name = "ConsultNotFoundError";
  constructor(consultId: string) {
    super("consult-not-found", consultId, `consult ${consultId} does not exist`);
  }
}

/** The caller takes no part in the consult. */
export class NotParticipantError extends ConsultRequestError {
  override name = "NotParticipantError";
  constructor(consultId: string) {
    super("not-a-participant", consultId, `the caller is not a participant of consult ${consultId}`);
  }
}

/** The caller takes part, but their role may not do this (end: clinicians; consent: the patient). */
export class WrongRoleError extends ConsultRequestError {
  override name = "WrongRoleError";
  constructor(consultId: string, action: string, allowed: readonly string[]) {
    super("wrong-role", consultId, `only the ${allowed.join(" or ")} of consult ${consultId} may ${action}`);
  }
}

/** A join before the consult's window opens or after it closes. */
export class OutsideJoinWindowError extends ConsultRequestError {
  override name = "OutsideJoinWindowError";
  constructor(consultId: string, startsAt: string, endsAt: string) {
    super(
      "outside-join-window",
      consultId,
      `consult ${consultId} can be joined from ${startsAt} to ${endsAt}`,
    );
  }
}

/** The app's backend closed the consult (cancelled or completed). */
export class ConsultClosedError extends ConsultRequestError {
  override name = "ConsultClosedError";
  constructor(consultId: string) {
    super("consult-closed", consultId, `consult ${consultId} is closed`);
  }
}
