import cliProgress, { type SingleBar } from "cli-progress";
import type { OpsReporter } from "./backend.js";

/** The exit code of a command stopped by Ctrl-C (128 + SIGINT). */
const INTERRUPTED_EXIT_CODE = 130;

/**
 * Reports on stderr, keeping stdout for the command's JSON: a progress bar per phase (drawn on a terminal only),
 * notes on their own lines, and on Ctrl-C the last line given to `onInterrupt` before exiting.
 *
 * @example
 * const reporter = progressBars(); try { await backend.replay(request, reporter) } finally { reporter.stop() }
 */
export function progressBars(): OpsReporter & { stop(): void } {
  let bar: SingleBar | null = null;
  let current: string | null = null;
  let interruptLine: string | null = null;
  const interrupted = () => {
    bar?.stop();
    process.stderr.write(`\nnote: interrupted: ${interruptLine}\n`);
    process.exit(INTERRUPTED_EXIT_CODE);
  };
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
    onInterrupt(line) {
      if (interruptLine === null) process.once("SIGINT", interrupted);
      interruptLine = line;
    },
    stop() {
      bar?.stop();
      bar = null;
      process.removeListener("SIGINT", interrupted);
    },
  };
}
