/** Base of the pipeline's own errors: what ops need to find the failure, never PHI. */
export class PipelineError extends Error {
  constructor(
    message: string,
    readonly meetingId: string | null,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
