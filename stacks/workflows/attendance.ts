import * as sfn from "aws-cdk-lib/aws-stepfunctions";
import type { Construct } from "constructs";
import { invoke, type TaskFunctions, workflowRun } from "./steps.js";

/** Attendee joined, left or dropped: one task that records the attendance once per event. */
export function attendance(scope: Construct, fns: TaskFunctions, timeoutSeconds: number): sfn.IChainable {
  return invoke(scope, "RecordAttendance", "record-attendance", fns, {
    payload: { run: workflowRun("attendance") },
    timeoutSeconds,
  }).next(new sfn.Succeed(scope, "Done"));
}
