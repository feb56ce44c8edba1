export { InvalidEventError, type Rejection } from "./errors.js";
export { EXECUTION_NAME_MAX_LENGTH, idempotencyKey } from "./idempotency.js";
export { type EventPattern, type Matcher, matches } from "./match.js";
export { MEDPIPE_SOURCE, MEETING_TIMED_OUT, type MeetingTimedOutDetail } from "./meeting-timed-out.js";
export { MAX_EVENT_BYTES, type ParseResult, parseEvent, parseEventOrThrow } from "./parse.js";
export {
  InvalidEventPatternError,
  MAX_EVENT_PATTERN_LENGTH,
  type PatternFault,
  UnsupportedPatternError,
  validatePattern,
} from "./pattern-validation.js";
export { RECORDING_CONSENT_GIVEN, type RecordingConsentGivenDetail } from "./recording-consent-given.js";
export { matchingRule, route } from "./route.js";
export {
  archivePattern,
  CONCATENATED_AUDIO_KEY,
  EXECUTION_FAILURES_RULE,
  executionFailurePattern,
  type RuleOptions,
  type RulePattern,
  rulePatterns,
  UNSUCCESSFUL_EXECUTION_STATUSES,
} from "./rules.js";
export type * from "./types.js";
export { isUuid } from "./uuid.js";
export { WORKFLOWS, type WorkflowName } from "./workflows.js";
