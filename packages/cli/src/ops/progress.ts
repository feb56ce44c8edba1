import cliProgress, { type SingleBar } from "cli-progress";
import type { OpsReporter } from "./backend.js";

/**
 * Reports on stderr, keeping stdout for the command's JSON: a progress bar per phase (drawn on a terminal only),
 * notes on their own lines.
 *
 * @example
 * const reporter = progressBars(); try { await backend.replay(request, reporter) } finally { reporter.stop() }
 */
export function progressBars(): OpsReporter & { stop(): void } {
  let bar: SingleBar | null = null;
  let current: string | null = null;
  return {
    progress(phase, done, total) {
      if (phase !== current || bar === null) {
        bar?.stop();
        bar = new cliProgress.SingleBar(
          { format: `${phase.padEnd(10)} [{bar}] {value}/{total}`, stream: process.stderr, hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done);
        current = phase;
        return;
      }
      bar.setTotal(total);
      bar.update(done);
    },
    note(line) {
      process.stderr.write(`note: ${line}\n`);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
