import { Duration } from "aws-cdk-lib";
import * as sfn from "aws-cdk-lib/aws-stepfunctions";
import type { Construct } from "constructs";
import { invoke, isDuplicate, recordedFailure, type TaskFunctions, workflowRun } from "./steps.js";

const WORKFLOW = "meeting-lifecycle";
const CAPTURE_POLL = Duration.seconds(5);
const EVENT_TYPE = "$.detail.eventType";

/**
 * MeetingStarted starts the capture; MeetingEnded (or the closer's Meeting Timed Out) stops it and, once it has
 * stopped, starts the concatenation. Whichever of start and end is handled second finishes the recording, so
 * the two may arrive in either order. The start or end claims the run; whichever step ends the run records its
 * success.
 */
export function meetingLifecycle(scope: Construct, fns: TaskFunctions): sfn.IChainable {
  const onFailure = recordedFailure(scope, WORKFLOW, fns["record-failure"]);
  const run = workflowRun(WORKFLOW);
  const meeting = sfn.JsonPath.objectAt("$.meeting.meeting");
  const done = new sfn.Succeed(scope, "Done");

  const startConcatenation = invoke(scope, "StartConcatenation", fns["start-concatenation"], {
    payload: { meeting, run },
    resultPath: "$.concatenation",
    onFailure,
  }).next(done);
  const waitForCapture = new sfn.Wait(scope, "WaitForCapture", { time: sfn.WaitTime.duration(CAPTURE_POLL) });
  const checkCapture = invoke(scope, "CheckCapture", fns["check-capture"], {
    payload: { meeting, polls: sfn.JsonPath.numberAt("$.capture.polls") },
    resultPath: "$.capture",
    onFailure,
  });
  waitForCapture
    .next(checkCapture)
    .next(
      new sfn.Choice(scope, "CaptureStopped?")
        .when(sfn.Condition.booleanEquals("$.capture.stopped", true), startConcatenation)
        .otherwise(waitForCapture),
    );
  const stopCapture = invoke(scope, "StopCapture", fns["stop-capture"], {
    payload: { meeting },
    resultPath: "$.capture",
    onFailure,
  }).next(waitForCapture);

  const finishRecording = new sfn.Choice(scope, "FinishRecording?")
    .when(isDuplicate("$.meeting"), new sfn.Succeed(scope, "Duplicate"))
    .when(sfn.Condition.booleanEquals("$.meeting.finishRecording", true), stopCapture)
    .otherwise(done);
  const startRecording = invoke(scope, "StartRecording", fns["start-recording"], {
    payload: { run },
    resultPath: "$.meeting",
    onFailure,
  }).next(finishRecording);
  const endMeeting = invoke(scope, "EndMeeting", fns["end-meeting"], {
    payload: { run },
    resultPath: "$.meeting",
    onFailure,
  }).next(finishRecording);

  // The input is the event as delivered. The closer's Meeting Timed Out has no eventType, and a Choice rule on
  // a missing field fails the execution, hence the first rule. EndMeeting names any field an event lacks.
  return new sfn.Choice(scope, "WhichEvent?")
    .when(sfn.Condition.not(sfn.Condition.isPresent(EVENT_TYPE)), endMeeting)
    .when(sfn.Condition.stringEquals(EVENT_TYPE, "chime:MeetingStarted"), startRecording)
    .otherwise(endMeeting);
}
