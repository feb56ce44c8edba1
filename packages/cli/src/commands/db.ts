import { access } from "node:fs/promises";
import { join } from "node:path";
import { InvalidOptionError } from "@medpipe/core/replay";
import { Command } from "commander";
import { exitOnUsageError, opsAction } from "../ops/command.js";

/**
 * `medpipe db --out DIR`: serves a local run's database (the embedded Supabase kept in `<out>/supabase`) and
 * prints one JSON line `{ url, anonKey, serviceRoleKey, databaseUrl }`, until Ctrl-C.
 */
export const dbCommand = new Command("db")
  .description("serve a local run's database (embedded Supabase) until Ctrl-C")
  .requiredOption("--out <dir>", "the output directory medpipe local wrote")
  .exitOverride(exitOnUsageError)
  .action(
    opsAction(async ({ out }: { out: string }) => {
      const dataDir = join(out, "supabase");
      await access(dataDir).catch(() => {
        throw new InvalidOptionError(
          "--out",
          `${out} holds no database (no supabase/): run medpipe local first`,
        );
      });
      const { startEmbeddedSupabase } = await import("@medpipe/core/sink/embedded");
      const supabase = await startEmbeddedSupabase({ dataDir });
      const { url, anonKey, serviceRoleKey, databaseUrl } = supabase;
      process.stdout.write(`${JSON.stringify({ url, anonKey, serviceRoleKey, databaseUrl })}\n`);
      process.stderr.write("serving the database until Ctrl-C\n");
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      await supabase.stop();
      return 0;
    }),
  );
