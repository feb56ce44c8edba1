import type { EventPattern } from "./match.js";
import { MEDPIPE_SOURCE, MEETING_TIMED_OUT } from "./meeting-timed-out.js";
import { RECORDING_CONSENT_GIVEN } from "./recording-consent-given.js";
import type { WorkflowName } from "./workflows.js";

/** One EventBridge rule: its name, the workflow it starts and its event pattern (plain EventBridge JSON). */
export interface RulePattern {
  name: string;
  workflow: WorkflowName;
  pattern: EventPattern;
}

export interface RuleOptions {
  /** The recordings bucket's name, known only at deploy time (`recordings` in local mode). */
  recordingsBucket: string;
}

const CHIME_MEETING = "Chime Meeting State Change";
const CHIME_MEDIA_PIPELINE = "Chime Media Pipeline State Change";

/** Where the concatenation pipeline writes a meeting's audio: `concatenated/<meetingId>/audio/<name>.mp4`. */
export const CONCATENATED_AUDIO_KEY = "concatenated/*/audio/*.mp4";

/**
 * Every rule of the pipeline's event bus, one entry per rule. The stacks deploy exactly these patterns and
 * {@link route} matches against them, so local routing is EventBridge routing. Events no rule matches (other
 * Chime attendee and live transcription events, Transcribe job events, other S3 objects, deletions) are
 * deliberately ignored.
 *
 * @example
 * for (const rule of rulePatterns({ recordingsBucket: recordings.bucketName })) bus.addRule(rule.name, ...);
 */
export function rulePatterns({ recordingsBucket }: RuleOptions): RulePattern[] {
  return [
    {
      name: "MeetingLifecycle",
      workflow: "meeting-lifecycle",
      pattern: {
        source: ["aws.chime"],
        "detail-type": [CHIME_MEETING],
        detail: { eventType: ["chime:MeetingStarted", "chime:MeetingEnded"] },
      },
    },
    {
      name: "MeetingTimedOut",
      workflow: "meeting-lifecycle",
      pattern: { source: [MEDPIPE_SOURCE], "detail-type": [MEETING_TIMED_OUT] },
    },
    {
      name: "RecordingConsent",
      workflow: "meeting-lifecycle",
      pattern: { source: [MEDPIPE_SOURCE], "detail-type": [RECORDING_CONSENT_GIVEN] },
    },
    {
      name: "Attendance",
      workflow: "attendance",
      pattern: {
        source: ["aws.chime"],
        "detail-type": [CHIME_MEETING],
        detail: { eventType: ["chime:AttendeeJoined", "chime:AttendeeLeft", "chime:AttendeeDropped"] },
      },
    },
    {
      name: "MediaPipelineState",
      workflow: "media-pipeline",
      pattern: { source: ["aws.chime"], "detail-type": [CHIME_MEDIA_PIPELINE] },
    },
    {
      name: "ConcatenatedAudio",
      workflow: "transcription",
      pattern: {
        source: ["aws.s3"],
        "detail-type": ["Object Created"],
        detail: {
          bucket: { name: [recordingsBucket] },
          object: { key: [{ wildcard: CONCATENATED_AUDIO_KEY }] },
        },
      },
    },
  ];
}

/**
 * The pattern of the bus's archive: every event some rule consumes, so that a replay can re-run any workflow.
 *
 * @example
 * new events.CfnArchive(stack, "Archive", { eventPattern: archivePattern({ recordingsBucket }), ... });
 */
export function archivePattern(options: RuleOptions): EventPattern {
  return { $or: rulePatterns(options).map((rule) => rule.pattern) };
}

/** Execution statuses that end a run without success: the failure recorder writes them into the run log. */
export const UNSUCCESSFUL_EXECUTION_STATUSES = ["FAILED", "TIMED_OUT", "ABORTED"] as const;

/** The rule that feeds the run log's failure recorder, and the name of its dead-letter queue. */
export const EXECUTION_FAILURES_RULE = "ExecutionFailures";

/**
 * The pattern of the rule that feeds the run log's failure recorder: Step Functions' status changes of the
 * pipeline's own executions that failed, timed out or were aborted (the status change is all Step Functions sends
 * when an execution ends outside any state's Catch).
 *
 * @example
 * new events.Rule(stack, "ExecutionFailures", { eventPattern: cdkPattern(executionFailurePattern(arns)) });
 */
export function executionFailurePattern(stateMachineArns: string[]): EventPattern {
  return {
    source: ["aws.states"],
    "detail-type": ["Step Functions Execution Status Change"],
    detail: { status: [...UNSUCCESSFUL_EXECUTION_STATUSES], stateMachineArn: stateMachineArns },
  };
}
