/**
 * An ops option that cannot be read (`--since`, `--from`, `--to`): names the option and why, so that the CLI can
 * print one line and exit 2.
 *
 * @example
 * try { parseDuration("--since", "yesterday") } catch (e) { if (e instanceof InvalidOptionError) console.error(e.message) }
 */
export class InvalidOptionError extends Error {
  override name = "InvalidOptionError";

  constructor(
    /** The option as typed, e.g. `--since`. */
    readonly option: string,
    readonly reason: string,
  ) {
    super(`${option} ${reason}`);
  }
}
