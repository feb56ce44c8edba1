import { describe, expect, it } from "vitest";
import { FailedStateSearch, failedStateIn, type HistoryEvent } from "./failed-state.js";

/**
 * Histories as GetExecutionHistory returns them with `reverseOrder: true`, newest first: the event types and
 * their order are those of the Step Functions API reference (HistoryEvent) for a Standard workflow whose Lambda
 * tasks are `arn:aws:states:::lambda:invoke` integrations.
 */
const entered = (type: string, name: string): HistoryEvent => ({ type, stateEnteredEventDetails: { name } });
const exited = (type: string): HistoryEvent => ({ type });
const task = (name: string): HistoryEvent[] => [
  exited("TaskStateExited"),
  exited("TaskSucceeded"),
  exited("TaskStarted"),
  exited("TaskScheduled"),
  entered("TaskStateEntered", name),
];
const start: HistoryEvent[] = [{ type: "ExecutionStarted" }];

describe("the state an execution failed in", () => {
  it("is the Task that failed after its retries, which failed the execution", () => {
    const history = [
      { type: "ExecutionFailed" },
      { type: "TaskFailed" },
      { type: "TaskStarted" },
      { type: "TaskScheduled" },
      { type: "TaskFailed" },
      { type: "TaskStarted" },
      { type: "TaskScheduled" },
      entered("TaskStateEntered", "ExtractEntities"),
      ...task("StartTranscription"),
      ...start,
    ];
    expect(failedStateIn(history)).toBe("ExtractEntities");
  });

  it("is the Task that timed out", () => {
    const history = [
      { type: "ExecutionFailed" },
      { type: "TaskTimedOut" },
      { type: "TaskStarted" },
      { type: "TaskScheduled" },
      entered("TaskStateEntered", "StopCapture"),
      ...task("EndMeeting"),
      ...start,
    ];
    expect(failedStateIn(history)).toBe("StopCapture");
  });

  it("of a timed-out execution is the state it was in, not a Task that failed earlier and was retried", () => {
    const history = [
      { type: "ExecutionTimedOut" },
      entered("WaitStateEntered", "WaitForTranscript"),
      ...task("CheckTranscription"),
      exited("TaskStateExited"),
      exited("TaskSucceeded"),
      exited("TaskStarted"),
      exited("TaskScheduled"),
      exited("TaskFailed"),
      exited("TaskStarted"),
      exited("TaskScheduled"),
      entered("TaskStateEntered", "StartTranscription"),
      ...start,
    ];
    expect(failedStateIn(history)).toBe("WaitForTranscript");
  });

  it("of an aborted execution is the state it was in", () => {
    const history = [
      { type: "ExecutionAborted" },
      exited("TaskStarted"),
      exited("TaskScheduled"),
      entered("TaskStateEntered", "CheckCapture"),
      ...task("StopCapture"),
      ...start,
    ];
    expect(failedStateIn(history)).toBe("CheckCapture");
  });

  it("is a Choice state whose path did not resolve, even after a Task that failed and was retried", () => {
    const history = [
      { type: "ExecutionFailed" },
      entered("ChoiceStateEntered", "TranscriptReady"),
      exited("TaskStateExited"),
      exited("TaskSucceeded"),
      exited("TaskStarted"),
      exited("TaskScheduled"),
      exited("TaskFailed"),
      exited("TaskStarted"),
      exited("TaskScheduled"),
      entered("TaskStateEntered", "CheckTranscription"),
      ...start,
    ];
    expect(failedStateIn(history)).toBe("TranscriptReady");
  });

  it("is the caught Task when a Catch led to a Fail state, across pages", () => {
    const pages: HistoryEvent[][] = [
      [
        { type: "ExecutionFailed" },
        entered("FailStateEntered", "Failed"),
        ...task("RecordFailure"),
        exited("PassStateExited"),
      ],
      [
        entered("PassStateEntered", "ExtractEntitiesFailed"),
        { type: "TaskFailed" },
        exited("TaskStarted"),
        exited("TaskScheduled"),
        entered("TaskStateEntered", "ExtractEntities"),
      ],
      [...task("CheckTranscription"), ...start],
    ];
    expect(failedStateIn(pages.flat())).toBe("ExtractEntities");
    const search = new FailedStateSearch();
    expect(search.read(pages[0] ?? []).done).toBe(false);
    expect(search.read(pages[1] ?? []).done).toBe(true);
    expect(search.answer()).toBe("ExtractEntities");
  });

  it("is the Fail state itself when no state failure led there", () => {
    expect(
      failedStateIn([
        { type: "ExecutionFailed" },
        entered("FailStateEntered", "PermanentFailure"),
        exited("ChoiceStateExited"),
        entered("ChoiceStateEntered", "WhichStatus"),
        ...start,
      ]),
    ).toBe("PermanentFailure");
  });

  it("is unknown for an execution that entered no state", () => {
    expect(failedStateIn([{ type: "ExecutionAborted" }, ...start])).toBeNull();
  });
});
