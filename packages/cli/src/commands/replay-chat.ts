import { parseDuration } from "@medpipe/core/replay";
import { openBackend, opsAction, opsCommand, type TargetOptions } from "../ops/command.js";
import { progressBars } from "../ops/progress.js";

/**
 * `medpipe replay-chat [--since 7d]`: re-applies the chat records `medpipe failures` lists (source `chat-letter`)
 * once their cause is fixed: each letter's records are read again from the chat stream and handed to the chat
 * consumer, which writes `chat` idempotently (an older record never overwrites a newer one). Prints one JSON line
 * `{ letters, reapplied, stillFailing, expired }`; exits 1 when a record still fails or is no longer in the stream.
 */
export const replayChatCommand = opsCommand("replay-chat")
  .description("re-apply the chat records of the chat failure queue through the chat consumer")
  .option("--since <duration>", "letters sent this far back: 90m, 24h, 7d", "7d")
  .action(
    opsAction(async (options: TargetOptions & { since: string }) => {
      const lookBack = parseDuration("--since", options.since);
      const backend = await openBackend(options);
      const since = new Date((await backend.now()).getTime() - lookBack);
      const reporter = progressBars();
      const report = await backend.replayChat(since, reporter).finally(() => reporter.stop());
      process.stdout.write(`${JSON.stringify(report)}\n`);
      return report.stillFailing > 0 || report.expired > 0 ? 1 : 0;
    }),
  );
