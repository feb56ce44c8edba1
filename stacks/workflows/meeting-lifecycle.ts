import { RECORDING_CONSENT_GIVEN } from "@medpipe/core/events";
import * as sfn from "aws-cdk-lib/aws-stepfunctions";
import type { Construct } from "constructs";
import { invoke, isDuplicate, type TaskFunctions, untilCapacity, workflowRun } from "./steps.js";

const WORKFLOW = "meeting-lifecycle";
const EVENT_TYPE = "$.detail.eventType";
const DETAIL_TYPE = "$['detail-type']";

/**
 * MeetingStarted starts the recording's capture pipeline, once the consult's patient has consented (the consent
 * gate); a consent given while the meeting runs (Recording Consent Given) starts it then. MeetingEnded (or the
 * closer's Meeting Timed Out) records the end and starts the concatenation, which Chime holds until the capture has
 * stopped: Chime stops it when the meeting ends, and for a timed-out meeting the end stops it. No state waits for
 * the capture. The events may come in either order; whichever sees both the capture and the end starts the
 * concatenation. Either event claims its run; a duplicate delivery stops at the claim. With every slot of the
 * region's media pipelines quota in use, a task waits and runs again (the capture starts late rather than failing;
 * the account never goes past its quota).
 */
export function meetingLifecycle(
  scope: Construct,
  fns: TaskFunctions,
  timeoutSeconds: number,
): sfn.IChainable {
  const run = workflowRun(WORKFLOW);
  const duplicate = new sfn.Succeed(scope, "Duplicate");
  const done = new sfn.Succeed(scope, "Done");
  const startRecording = invoke(scope, "StartRecording", "start-recording", fns, {
    payload: { run },
    resultPath: "$.meeting",
    timeoutSeconds,
  });
  const endMeeting = invoke(scope, "EndMeeting", "end-meeting", fns, {
    payload: { run },
    resultPath: "$.meeting",
    timeoutSeconds,
  });
  // Each task answers whether it was a duplicate, or is waiting for a media pipeline slot, or is done.
  const answered = (choice: string, wait: string, task: sfn.IChainable) =>
    new sfn.Choice(scope, choice)
      .when(isDuplicate("$.meeting"), duplicate)
      .when(...untilCapacity(scope, wait, "$.meeting", task))
      .otherwise(done);
  startRecording.next(answered("Started?", "WaitToCapture", startRecording));
  endMeeting.next(answered("Ended?", "WaitToConcatenate", endMeeting));

  // The input is the event as delivered. The closer's Meeting Timed Out and the consent have no eventType, and a
  // Choice rule on a missing field fails the execution, hence the first two rules. EndMeeting names any field an
  // event lacks.
  return new sfn.Choice(scope, "WhichEvent?")
    .when(sfn.Condition.stringEquals(DETAIL_TYPE, RECORDING_CONSENT_GIVEN), startRecording)
    .when(sfn.Condition.not(sfn.Condition.isPresent(EVENT_TYPE)), endMeeting)
    .when(sfn.Condition.stringEquals(EVENT_TYPE, "chime:MeetingStarted"), startRecording)
    .otherwise(endMeeting);
}
