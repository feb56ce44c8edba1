import type { Failure, TimelineEntry, TimeWindow } from "@medpipe/core/replay";
import type { StoredObject } from "@medpipe/core/sink";

/** What a replay did: its name, the events it re-delivered, the executions they ran and how many failed. */
export interface ReplayReport {
  replayName: string;
  events: number;
  executions: number;
  failed: number;
}

/**
 * What a redrive did. In AWS an execution resumes at its failed state under its own name (`resumed`); locally it
 * is run again from the start under `<name>-redrive-<n>` (`restarted`), which leaves the same results because
 * every writer is idempotent.
 */
export interface RedriveReport {
  mode: "resumed" | "restarted";
  redriven: { execution: string; workflow: string; redrivenAs: string; status: string }[];
  notRedriven: { execution: string; reason: string }[];
}

/** Where long operations report to: progress of a phase (`events`, `replay`, `executions`), and notes for people. */
export interface OpsReporter {
  progress(phase: string, done: number, total: number): void;
  note(line: string): void;
}

/**
 * The ops commands' view of a pipeline: a local run's output directory or a deployed stage. Each method opens
 * what it needs and closes it before returning.
 */
export interface OpsBackend {
  /** Failed, timed-out and aborted executions and dead letters since a time, oldest first. */
  failures(since: Date): Promise<Failure[]>;
  /** Re-delivers the archived events of a window (of one meeting's, when given) under a new replay name. */
  replay(
    request: { window: TimeWindow; meetingId: string | null },
    reporter: OpsReporter,
  ): Promise<ReplayReport>;
  /** Redrives one execution (by name, or ARN in AWS), or every failed one since a time. */
  redrive(
    request: { execution: string } | { failedSince: Date },
    reporter: OpsReporter,
  ): Promise<RedriveReport>;
  /** The meeting's events, executions, run-log rows and results, oldest first. */
  status(meetingId: string): Promise<TimelineEntry[]>;
  /** Places a legal hold on the meeting (database flag, S3 Object Lock legal hold); returns the held objects. */
  hold(meetingId: string, reason: string): Promise<StoredObject[]>;
  release(meetingId: string): Promise<StoredObject[]>;
}
