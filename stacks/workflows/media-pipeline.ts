import * as sfn from "aws-cdk-lib/aws-stepfunctions";
import type { Construct } from "constructs";
import { invoke, type TaskFunctions, workflowRun } from "./steps.js";

/** Media pipeline state changes: record the status of the meeting's capture or concatenation pipeline. */
export function mediaPipeline(scope: Construct, fns: TaskFunctions, timeoutSeconds: number): sfn.IChainable {
  return invoke(scope, "TrackMediaPipeline", "track-media-pipeline", fns, {
    payload: { run: workflowRun("media-pipeline") },
    timeoutSeconds,
  }).next(new sfn.Succeed(scope, "Done"));
}
