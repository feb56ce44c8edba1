import { Duration } from "aws-cdk-lib";
import * as sfn from "aws-cdk-lib/aws-stepfunctions";
import type { Construct } from "constructs";
import { admit, invoke, isDuplicate, recordedFailure, recordSuccess, type TaskFunctions } from "./steps.js";

const WORKFLOW = "meeting-lifecycle";
const CAPTURE_POLL = Duration.seconds(5);

/**
 * MeetingStarted starts the capture; MeetingEnded (or the closer's Meeting Timed Out) stops it and, once it has
 * stopped, starts the concatenation. Whichever of start and end is handled second finishes the recording, so
 * the two may arrive in either order.
 */
export function meetingLifecycle(scope: Construct, fns: TaskFunctions): sfn.IChainable {
  const onFailure = recordedFailure(scope, WORKFLOW, fns["finish-run"]);
  const event = sfn.JsonPath.objectAt("$.admission.event");
  const meeting = sfn.JsonPath.objectAt("$.meeting.meeting");
  const success = recordSuccess(scope, WORKFLOW, fns["finish-run"], onFailure);

  const startConcatenation = invoke(scope, "StartConcatenation", fns["start-concatenation"], {
    payload: { meeting },
    resultPath: "$.concatenation",
    onFailure,
  }).next(success);
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
    .when(sfn.Condition.booleanEquals("$.meeting.finishRecording", true), stopCapture)
    .otherwise(success);
  const startRecording = invoke(scope, "StartRecording", fns["start-recording"], {
    payload: { event },
    resultPath: "$.meeting",
    onFailure,
  }).next(finishRecording);
  const endMeeting = invoke(scope, "EndMeeting", fns["end-meeting"], {
    payload: { event },
    resultPath: "$.meeting",
    onFailure,
  }).next(finishRecording);

  return admit(scope, WORKFLOW, fns.admit, onFailure).next(
    new sfn.Choice(scope, "WhichEvent?")
      .when(isDuplicate(), new sfn.Succeed(scope, "Duplicate"))
      .when(sfn.Condition.stringEquals("$.admission.event.eventType", "chime:MeetingStarted"), startRecording)
      .otherwise(endMeeting),
  );
}
