import type { Failure, TimelineEntry, TimeWindow } from "@medpipe/core/replay";
import type { StoredObject } from "@medpipe/core/sink";

/**
 * What a replay did: its name, the events it re-delivered, the executions they ran, how many failed, and how many
 * were still running when the wait for them ended.
 */
export interface ReplayReport {
  replayName: string;
  events: number;
  executions: number;
  failed: number;
  running: number;
}

/** What a replay is asked: the window, one meeting's events only (or all), and how long to wait for them to run. */
export interface ReplayRequest {
  window: TimeWindow;
  meetingId: string | null;
  maxWaitMilliseconds: number;
}

/**
 * What a redrive did: each execution resumed at its failed state under its own name, as RedriveExecution does
 * (locally too); `redrivenAs` is that name.
 */
export interface RedriveReport {
  mode: "resumed";
  redriven: { execution: string; workflow: string; redrivenAs: string; status: string }[];
  notRedriven: { execution: string; reason: string }[];
}

/**
 * What a re-application of chat letters did: the letters taken, the records applied again (their letters deleted),
 * those that still fail (their letter kept, or replaced by the consumer's new one), and those the stream no longer
 * holds (past its retention; their letter kept).
 */
export interface ChatReplayReport {
  letters: number;
  reapplied: number;
  stillFailing: number;
  expired: number;
}

/**
 * Where long operations report to: progress of a phase (`events`, `replay`, `executions`, `letters`), notes for
 * people, and what Ctrl-C should tell them from now on (how to stop what the command started).
 */
export interface OpsReporter {
  progress(phase: string, done: number, total: number): void;
  note(line: string): void;
  onInterrupt(line: string): void;
}

/**
 * The ops commands' view of a pipeline: a local run's output directory or a deployed stage. Each method opens
 * what it needs and closes it before returning.
 */
export interface OpsBackend {
  /**
   * The time `--since` counts back from: the wall clock in AWS; for a local run, its virtual clock where the run
   * stopped, so that its timeline reads as one story in the consult's own time.
   */
  now(): Promise<Date>;
  /** Failed, timed-out and aborted executions and dead letters since a time, oldest first. */
  failures(since: Date, reporter: OpsReporter): Promise<Failure[]>;
  /** Re-delivers the archived events of a window (of one meeting's, when given) under a new replay name. */
  replay(request: ReplayRequest, reporter: OpsReporter): Promise<ReplayReport>;
  /** Redrives one execution (by name, or ARN in AWS), or every failed one since a time. */
  redrive(
    request: { execution: string } | { failedSince: Date },
    reporter: OpsReporter,
  ): Promise<RedriveReport>;
  /**
   * Reads the records of every chat letter since a time from the stream again and hands them to the chat consumer
   * (the same handler, as its event source mapping would); deletes the letters of records it applied.
   */
  replayChat(since: Date, reporter: OpsReporter): Promise<ChatReplayReport>;
  /** The meeting's events, executions, run-log rows and results, oldest first. */
  status(meetingId: string, reporter: OpsReporter): Promise<TimelineEntry[]>;
  /** Places a legal hold on the meeting (database flag, S3 Object Lock legal hold); returns the held objects. */
  hold(meetingId: string, reason: string): Promise<StoredObject[]>;
  release(meetingId: string): Promise<StoredObject[]>;
}
