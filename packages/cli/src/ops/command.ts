import { isUuid } from "@medpipe/core/events";
import { InvalidOptionError } from "@medpipe/core/replay";
import { Command, type CommanderError } from "commander";
import type { OpsBackend } from "./backend.js";

/** Exit code for bad arguments; 1 is for something that failed, 0 for success. */
export const USAGE_EXIT_CODE = 2;

/** The options that choose an ops command's backend. */
export interface TargetOptions {
  out?: string;
  stage?: string;
}

/**
 * Commander's own argument errors (unknown option, missing argument) exit 2 like ours; help exits 0.
 *
 * @example
 * new Command("db").exitOverride(exitOnUsageError);
 */
export function exitOnUsageError(error: CommanderError): never {
  process.exit(error.exitCode === 0 ? 0 : USAGE_EXIT_CODE);
}

/**
 * A new ops command, on a local run (`--out DIR`) or a deployed stage (`--stage S`).
 *
 * @example
 * export const failuresCommand = opsCommand("failures").option("--json").action(opsAction(async (o) => 0));
 */
export function opsCommand(name: string): Command {
  return new Command(name)
    .option("--out <dir>", "a local run: the output directory medpipe local wrote")
    .option(
      "--stage <stage>",
      "a deployed stage, in its data region (MEDPIPE_DATA_REGION, default eu-west-1)",
    )
    .exitOverride(exitOnUsageError);
}

/**
 * The backend the options choose: exactly one of `--out` and `--stage`. Loaded on demand, so that commands
 * that need neither stay fast.
 *
 * @example
 * const rows = await (await openBackend({ out: ".medpipe/demo-consult" })).failures(since);
 */
export async function openBackend(options: TargetOptions): Promise<OpsBackend> {
  if (options.out !== undefined && options.stage !== undefined) {
    throw new InvalidOptionError("--out", "and --stage exclude each other: choose a local run or a stage");
  }
  if (options.out !== undefined) {
    const { localBackend } = await import("./local.js");
    return localBackend({ out: options.out });
  }
  if (options.stage !== undefined) {
    const { loadConfig } = await import("@medpipe/core/config");
    const { awsBackend } = await import("./aws.js");
    return awsBackend({ stage: options.stage, regions: loadConfig(options.stage).regions });
  }
  throw new InvalidOptionError("--out", "or --stage is needed: a local run's directory, or a deployed stage");
}

/**
 * A Chime meeting id given as an argument or option, lower-cased.
 *
 * @example
 * meetingIdArgument("--meeting", "16CA8B41-0CA0-4234-9645-68ED5E4C0A5F"); // "16ca8b41-…"
 */
export function meetingIdArgument(option: string, value: string): string {
  return uuidOption(option, value, "a Chime meeting id (a UUID)");
}

/**
 * A UUID given as an argument or option (a consult, a Supabase user), lower-cased.
 *
 * @example
 * uuidOption("--user", "0B6F4C1E-7D2A-4F9B-8C3D-2E1F0A9B8C7D"); // "0b6f4c1e-…"
 */
export function uuidOption(option: string, value: string, what = "a UUID"): string {
  if (!isUuid(value)) throw new InvalidOptionError(option, `must be ${what}`);
  return value.toLowerCase();
}

/**
 * Wraps a command's action, which returns its exit code: a bad argument prints one line and exits 2, any other
 * error prints its name and message on one line and exits 1.
 *
 * @example
 * command.action(opsAction(async (options) => (await run(options)).failed > 0 ? 1 : 0));
 */
export function opsAction<A extends unknown[]>(action: (...args: A) => Promise<number>) {
  return async (...args: A): Promise<void> => {
    try {
      process.exitCode = await action(...args);
    } catch (error) {
      if (error instanceof InvalidOptionError) {
        process.stderr.write(`${error.message}\n`);
        process.exitCode = USAGE_EXIT_CODE;
        return;
      }
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      process.stderr.write(`${name}: ${message.replace(/\s+/g, " ")}\n`);
      process.exitCode = 1;
    }
  };
}
