export { type ArchivedEvent, selectForReplay } from "./archive.js";
export { InvalidOptionError } from "./errors.js";
export { FailedStateSearch, failedStateIn, type HistoryEvent } from "./failed-state.js";
export {
  byTime,
  chatLetterFailure,
  type DeadLetter,
  type DeadLetterAttributes,
  deadLetterFailure,
  executionFailure,
  type FailedExecution,
  type Failure,
} from "./failure.js";
export { type EventIdentity, identifyEvent } from "./identify.js";
export {
  OPERATOR_ACTIONS,
  type OperatorAction,
  type OperatorResource,
  type OperatorScope,
  operatorCondition,
  operatorResourceArns,
} from "./operator-actions.js";
export { asReplayed, original, replayNameAt, stageReplayName } from "./replay-name.js";
export { resolvedEvents } from "./resolved.js";
export {
  archiveName,
  chatDeadLetterQueueName,
  deadLetterQueueName,
  forwarderDeadLetterQueueName,
  stateMachineName,
  storageStackName,
} from "./stage-resources.js";
export {
  type MeetingResults,
  meetingTimeline,
  type TimelineEntry,
  type TimelineExecution,
  type TimelineRun,
} from "./timeline.js";
export { inWindow, parseDuration, parseWindow, type TimeWindow } from "./window.js";
