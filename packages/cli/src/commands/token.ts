import { InvalidOptionError } from "@medpipe/core/replay";
import { Command } from "commander";
import { exitOnUsageError, opsAction, uuidOption } from "../ops/command.js";

/** Supabase Auth refuses access token lifetimes over one week (its JWT expiry limit, 604,800 s). */
const MAX_EXPIRES_IN_SECONDS = 604_800;

/**
 * `medpipe token --out DIR --user UUID [--expires-in S]`: prints an access token for the user, as Supabase Auth
 * issues them, signed with the local stage's key: for curl and tests against `medpipe serve`.
 */
export const tokenCommand = new Command("token")
  .description("print an access token for a user of a local stage, as Supabase Auth issues them")
  .requiredOption("--out <dir>", "the local stage's directory (medpipe serve --out)")
  .requiredOption("--user <uuid>", "the Supabase user id (the token's sub)")
  .option("--expires-in <seconds>", "the token's lifetime (default 3600, as Supabase Auth)")
  .exitOverride(exitOnUsageError)
  .action(
    opsAction(async (options: { out: string; user: string; expiresIn?: string }) => {
      const userId = uuidOption("--user", options.user);
      const expiresInSeconds = options.expiresIn === undefined ? undefined : Number(options.expiresIn);
      if (
        expiresInSeconds !== undefined &&
        (!/^\d+$/.test(options.expiresIn ?? "") ||
          expiresInSeconds < 1 ||
          expiresInSeconds > MAX_EXPIRES_IN_SECONDS)
      ) {
        throw new InvalidOptionError("--expires-in", `must be whole seconds, 1 to ${MAX_EXPIRES_IN_SECONDS}`);
      }
      const { readLocalStage } = await import("../serve/stage-files.js");
      const { signAccessToken } = await import("@medpipe/core/sink/embedded");
      const { supabaseAuth } = await import("@medpipe/core/auth");
      const stage = await readLocalStage(options.out);
      const token = await signAccessToken(stage.keys, {
        issuer: supabaseAuth(stage.supabaseUrl).issuer,
        userId,
        expiresInSeconds,
      });
      process.stdout.write(`${token}\n`);
      return 0;
    }),
  );
