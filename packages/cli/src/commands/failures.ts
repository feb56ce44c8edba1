import { type Failure, parseDuration } from "@medpipe/core/replay";
import { openBackend, opsAction, opsCommand, type TargetOptions } from "../ops/command.js";
import { progressBars } from "../ops/progress.js";

const COLUMNS: [heading: string, value: (row: Failure) => string | null][] = [
  ["TIME", (row) => row.time],
  ["SOURCE", (row) => row.source],
  ["WORKFLOW", (row) => row.workflow],
  ["MEETING", (row) => row.meetingId],
  ["STEP", (row) => row.step],
  ["ERROR", (row) => row.error],
  ["IDEMPOTENCY KEY", (row) => row.idempotencyKey],
];

/**
 * The failures as a table for people: one row each, ids and error codes only (the cause is in `--json`).
 *
 * @example
 * process.stdout.write(failuresTable(rows));
 */
export function failuresTable(rows: Failure[]): string {
  const cells = [
    COLUMNS.map(([heading]) => heading),
    ...rows.map((row) => COLUMNS.map(([, v]) => v(row) ?? "-")),
  ];
  const widths = COLUMNS.map((_, column) => Math.max(...cells.map((line) => (line[column] ?? "").length)));
  return cells
    .map(
      (line) =>
        `${line
          .map((cell, i) => cell.padEnd(widths[i] ?? 0))
          .join("  ")
          .trimEnd()}\n`,
    )
    .join("");
}

/**
 * `medpipe failures [--since 24h] [--json]`: dead letters and failed, timed-out or aborted executions, each with
 * its meeting, step, error and the event's idempotency key. Exits 0 when the listing worked, failures or not.
 */
export const failuresCommand = opsCommand("failures")
  .description("list dead letters and failed executions: meeting, step, error and idempotency key")
  .option("--since <duration>", "how far back: 90m, 24h, 7d", "24h")
  .option("--json", "print one JSON array (for scripts) instead of a table")
  .action(
    opsAction(async (options: TargetOptions & { since: string; json?: boolean }) => {
      const lookBack = parseDuration("--since", options.since);
      const backend = await openBackend(options);
      const since = new Date((await backend.now()).getTime() - lookBack);
      const reporter = progressBars();
      const rows = await backend.failures(since, reporter).finally(() => reporter.stop());
      if (options.json) process.stdout.write(`${JSON.stringify(rows)}\n`);
      else if (rows.length === 0) process.stdout.write(`no failures since ${since.toISOString()}\n`);
      else process.stdout.write(failuresTable(rows));
      return 0;
    }),
  );
