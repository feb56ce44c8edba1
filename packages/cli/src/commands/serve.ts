import { InvalidOptionError } from "@medpipe/core/replay";
import { Command } from "commander";
import { exitOnUsageError, opsAction } from "../ops/command.js";

/** The port the local API listens on unless told otherwise. */
export const DEFAULT_API_PORT = 8787;

/** A TCP port, 0 for any free one. */
export function portOption(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535)
    throw new InvalidOptionError("--port", "must be a port number, 0 to 65535");
  return port;
}

/**
 * `medpipe serve --out DIR [--port N]`: a local stage (embedded Supabase, the consult API on 127.0.0.1, the Chime
 * stand-ins and the local pipeline) until SIGINT or SIGTERM. Prints one JSON line when ready:
 * `{"api", "supabaseUrl", "anonKey"}`; executions go to stderr as they finish.
 */
export const serveCommand = new Command("serve")
  .description("serve a local stage: the consult API, the Chime stand-ins, the pipeline and Supabase")
  .requiredOption("--out <dir>", "the stage's directory: its database, keys, objects and run log")
  .option("--port <port>", `the API's port on 127.0.0.1 (default ${DEFAULT_API_PORT}; 0: any free port)`)
  .exitOverride(exitOnUsageError)
  .action(
    opsAction(async (options: { out: string; port?: string }) => {
      const port = options.port === undefined ? DEFAULT_API_PORT : portOption(options.port);
      const { openLocalStage } = await import("../serve/local-stage.js");
      const stage = await openLocalStage({
        out: options.out,
        port,
        onExecution: (e) => process.stderr.write(`${e.workflow} ${e.status} ${e.name}\n`),
        onDeliveryError: (error) =>
          process.stderr.write(
            `delivering events failed: ${error instanceof Error ? error.name : "error"}\n`,
          ),
      });
      const { api, supabaseUrl, anonKey } = stage;
      process.stdout.write(`${JSON.stringify({ api, supabaseUrl, anonKey })}\n`);
      process.stderr.write("serving the local stage until Ctrl-C\n");
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      await stage.stop();
      return 0;
    }),
  );
