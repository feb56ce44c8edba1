import { InvalidOptionError } from "@medpipe/core/replay";
import { meetingIdArgument, openBackend, opsAction, opsCommand, type TargetOptions } from "../ops/command.js";

/**
 * `medpipe hold <meetingId> --reason "..."`: places a legal hold (the retention sweeper keeps the meeting's rows,
 * S3 Object Lock keeps its objects). Prints `{ meetingId, legalHold: true, objects }`; never the reason.
 */
export const holdCommand = opsCommand("hold")
  .description(
    "place a meeting under legal hold: keep its rows and lock its recordings, transcript and entities",
  )
  .argument("<meetingId>", "the Chime meeting id")
  .requiredOption("--reason <text>", "why (stored with the hold, never printed)")
  .action(
    opsAction(async (meetingId: string, options: TargetOptions & { reason: string }) => {
      const id = meetingIdArgument("<meetingId>", meetingId);
      if (options.reason.trim() === "") throw new InvalidOptionError("--reason", "must say why");
      const objects = await (await openBackend(options)).hold(id, options.reason);
      process.stdout.write(`${JSON.stringify({ meetingId: id, legalHold: true, objects })}\n`);
      return 0;
    }),
  );

/** `medpipe release <meetingId>`: releases the legal hold. Prints `{ meetingId, legalHold: false, objects }`. */
export const releaseCommand = opsCommand("release")
  .description("release a meeting's legal hold: its retention period applies again")
  .argument("<meetingId>", "the Chime meeting id")
  .action(
    opsAction(async (meetingId: string, options: TargetOptions) => {
      const id = meetingIdArgument("<meetingId>", meetingId);
      const objects = await (await openBackend(options)).release(id);
      process.stdout.write(`${JSON.stringify({ meetingId: id, legalHold: false, objects })}\n`);
      return 0;
    }),
  );
