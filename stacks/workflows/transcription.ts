import * as sfn from "aws-cdk-lib/aws-stepfunctions";
import type { Construct } from "constructs";
import { invoke, isDuplicate, recordedFailure, type TaskFunctions, workflowRun } from "./steps.js";

const WORKFLOW = "transcription";

/**
 * The concatenated recording exists: verify its encryption, transcribe it with Transcribe Medical (polled,
 * since medical jobs emit no event), extract entities into the medical-data bucket, post everything to Supabase.
 * Recording the recording claims the run; posting the results records its success.
 */
export function transcription(scope: Construct, fns: TaskFunctions): sfn.IChainable {
  const onFailure = recordedFailure(scope, WORKFLOW, fns["record-failure"]);
  const run = workflowRun(WORKFLOW);
  const meetingId = sfn.JsonPath.stringAt("$.recording.meetingId");
  const jobName = sfn.JsonPath.stringAt("$.job.jobName");

  const postResults = invoke(scope, "PostResults", fns["post-results"], {
    payload: {
      meetingId,
      jobName,
      transcript: sfn.JsonPath.objectAt("$.job.transcript"),
      entitiesObject: sfn.JsonPath.objectAt("$.extraction.entitiesObject"),
      retainUntil: sfn.JsonPath.stringAt("$.recording.retainUntil"),
      completedAt: sfn.JsonPath.stringAt("$.job.completedAt"),
      run,
    },
    resultPath: "$.posted",
    onFailure,
  }).next(new sfn.Succeed(scope, "Done"));
  const extractEntities = invoke(scope, "ExtractEntities", fns["extract-entities"], {
    payload: {
      meetingId,
      jobName,
      transcript: sfn.JsonPath.objectAt("$.job.transcript"),
      retainUntil: sfn.JsonPath.stringAt("$.recording.retainUntil"),
    },
    resultPath: "$.extraction",
    onFailure,
  }).next(postResults);

  // The first wait scales with the recording's length, later ones are the poll interval: both from the tasks.
  const waitForTranscript = new sfn.Wait(scope, "WaitForTranscript", {
    time: sfn.WaitTime.secondsPath("$.job.waitSeconds"),
  });
  const checkTranscription = invoke(scope, "CheckTranscription", fns["check-transcription"], {
    payload: { meetingId, jobName, polls: sfn.JsonPath.numberAt("$.job.polls") },
    resultPath: "$.job",
    onFailure,
  });
  waitForTranscript
    .next(checkTranscription)
    .next(
      new sfn.Choice(scope, "TranscriptReady?")
        .when(sfn.Condition.stringEquals("$.job.status", "completed"), extractEntities)
        .otherwise(waitForTranscript),
    );

  const startTranscription = invoke(scope, "StartTranscription", fns["start-transcription"], {
    payload: {
      meetingId,
      recording: sfn.JsonPath.objectAt("$.recording.recording"),
      recordingSeconds: sfn.JsonPath.numberAt("$.recording.recordingSeconds"),
    },
    resultPath: "$.job",
    onFailure,
  }).next(waitForTranscript);
  return invoke(scope, "VerifyRecording", fns["verify-recording"], {
    payload: { run },
    resultPath: "$.recording",
    onFailure,
  }).next(
    new sfn.Choice(scope, "Claimed?")
      .when(isDuplicate("$.recording"), new sfn.Succeed(scope, "Duplicate"))
      .otherwise(startTranscription),
  );
}
