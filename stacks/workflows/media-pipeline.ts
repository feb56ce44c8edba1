import * as sfn from "aws-cdk-lib/aws-stepfunctions";
import type { Construct } from "constructs";
import { invoke, recordedFailure, type TaskFunctions, workflowRun } from "./steps.js";

/** Media pipeline state changes: record the status of the meeting's capture or concatenation pipeline. */
export function mediaPipeline(scope: Construct, fns: TaskFunctions): sfn.IChainable {
  return invoke(scope, "TrackMediaPipeline", fns["track-media-pipeline"], {
    payload: { run: workflowRun("media-pipeline") },
    onFailure: recordedFailure(scope, "media-pipeline", fns["record-failure"]),
  }).next(new sfn.Succeed(scope, "Done"));
}
