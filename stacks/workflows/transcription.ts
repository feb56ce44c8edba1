import * as sfn from "aws-cdk-lib/aws-stepfunctions";
import type { Construct } from "constructs";
import { invoke, isDuplicate, type TaskFunctions, untilCapacity, workflowRun } from "./steps.js";

const WORKFLOW = "transcription";

/**
 * The concatenated recording exists: verify its encryption and claim the run (which sets `$.job` to null), then
 * transcribe it with Transcribe Medical: TranscribeRecording starts the job or polls it, and says how long to wait
 * before the next poll in every answer, so the Wait reads `$.job.waitSeconds` each round. Medical jobs emit no
 * event, hence the loop; a job not started for want of a slot of the concurrent job quota waits in the same loop.
 * Then extract entities into the medical-data bucket (waiting, too, for an extraction slot) and post everything to
 * Supabase, which records the run's success.
 */
export function transcription(
  scope: Construct,
  fns: TaskFunctions,
  timeoutSeconds: (
    task: "verify-recording" | "transcribe-recording" | "extract-entities" | "post-results",
  ) => number,
): sfn.IChainable {
  const run = workflowRun(WORKFLOW);
  const meetingId = sfn.JsonPath.stringAt("$.meetingId");
  const jobName = sfn.JsonPath.stringAt("$.job.jobName");
  const transcript = sfn.JsonPath.objectAt("$.job.transcript");

  const postResults = invoke(scope, "PostResults", "post-results", fns, {
    payload: {
      meetingId,
      jobName,
      transcript: sfn.JsonPath.objectAt("$.extraction.transcript"),
      entitiesObject: sfn.JsonPath.objectAt("$.extraction.entitiesObject"),
      completedAt: sfn.JsonPath.stringAt("$.job.completedAt"),
      run,
    },
    resultPath: "$.posted",
    timeoutSeconds: timeoutSeconds("post-results"),
  }).next(new sfn.Succeed(scope, "Done"));
  const extractEntities = invoke(scope, "ExtractEntities", "extract-entities", fns, {
    payload: { meetingId, jobName, transcript },
    resultPath: "$.extraction",
    timeoutSeconds: timeoutSeconds("extract-entities"),
  });
  extractEntities.next(
    new sfn.Choice(scope, "Extracted?")
      .when(...untilCapacity(scope, "WaitToExtract", "$.extraction", extractEntities))
      .otherwise(postResults),
  );

  const transcribeRecording = invoke(scope, "TranscribeRecording", "transcribe-recording", fns, {
    payload: {
      meetingId,
      recording: sfn.JsonPath.objectAt("$.recording"),
      recordingSeconds: sfn.JsonPath.numberAt("$.recordingSeconds"),
      job: sfn.JsonPath.objectAt("$.job"),
      redriveCount: sfn.JsonPath.numberAt("$$.Execution.RedriveCount"),
    },
    resultPath: "$.job",
    timeoutSeconds: timeoutSeconds("transcribe-recording"),
  });
  const waitForTranscript = new sfn.Wait(scope, "WaitForTranscript", {
    time: sfn.WaitTime.secondsPath("$.job.waitSeconds"),
  });
  transcribeRecording.next(
    new sfn.Choice(scope, "TranscriptReady?")
      .when(sfn.Condition.stringEquals("$.job.status", "completed"), extractEntities)
      .otherwise(waitForTranscript.next(transcribeRecording)),
  );

  return invoke(scope, "VerifyRecording", "verify-recording", fns, {
    // No ResultPath: the result replaces the event as the state (tasks read the event from the context).
    payload: { run },
    timeoutSeconds: timeoutSeconds("verify-recording"),
  }).next(
    new sfn.Choice(scope, "Claimed?")
      .when(isDuplicate("$"), new sfn.Succeed(scope, "Duplicate"))
      .otherwise(transcribeRecording),
  );
}
