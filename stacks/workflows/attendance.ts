import * as sfn from "aws-cdk-lib/aws-stepfunctions";
import type { Construct } from "constructs";
import { invoke, recordedFailure, type TaskFunctions, workflowRun } from "./steps.js";

/** Attendee joined, left or dropped: one task that records the attendance once per event. */
export function attendance(scope: Construct, fns: TaskFunctions): sfn.IChainable {
  return invoke(scope, "RecordAttendance", fns["record-attendance"], {
    payload: { run: workflowRun("attendance") },
    onFailure: recordedFailure(scope, "attendance", fns["record-failure"]),
  }).next(new sfn.Succeed(scope, "Done"));
}
