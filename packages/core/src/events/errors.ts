/** Why an event was refused: the field (a dotted path such as `detail.meetingId`, or `(event)`) and the reason. */
export interface Rejection {
  field: string;
  reason: string;
}

/**
 * An event that is not one the pipeline accepts. Its message names the field and the reason, never the value
 * (values may be patient data).
 *
 * @example
 * try { parseEventOrThrow(input) } catch (e) { if (e instanceof InvalidEventError) logger.warn(e.message) }
 */
export class InvalidEventError extends Error {
  override name = "InvalidEventError";
  readonly field: string;
  readonly reason: string;

  constructor({ field, reason }: Rejection) {
    super(`invalid event: ${field}: ${reason}`);
    this.field = field;
    this.reason = reason;
  }
}
