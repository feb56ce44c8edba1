import { EXECUTION_FAILURES_RULE, rulePatterns, WORKFLOWS } from "@medpipe/core/events";
import { expect, it } from "vitest";
import { synthesize } from "../../../../stacks/synthesize.js";
import {
  archiveName,
  deadLetterQueueName,
  forwarderDeadLetterQueueName,
  stateMachineName,
  storageStackName,
} from "./aws-resources.js";

type Template = {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  Outputs?: Record<string, unknown>;
};
const propertiesOf = (template: unknown, type: string) =>
  Object.values((template as Template).Resources)
    .filter((resource) => resource.Type === type)
    .map((resource) => resource.Properties ?? {});

it("the names ops look up are the names the stacks deploy", async () => {
  const { templates } = await synthesize({ stage: "ops", checks: false });
  const machines = propertiesOf(templates["ops-medpipe-Workflows"], "AWS::StepFunctions::StateMachine");
  expect(machines.map((m) => m.StateMachineName).sort()).toEqual(
    WORKFLOWS.map((workflow) => stateMachineName("ops", workflow)).sort(),
  );
  const routing = templates["ops-medpipe-Routing"];
  expect(
    propertiesOf(routing, "AWS::SQS::Queue")
      .map((q) => q.QueueName)
      .sort(),
  ).toEqual(
    [...rulePatterns({ recordingsBucket: "-" }).map((rule) => rule.name), EXECUTION_FAILURES_RULE]
      .map((rule) => deadLetterQueueName("ops", rule))
      .sort(),
  );
  expect(propertiesOf(routing, "AWS::Events::Archive").map((a) => a.ArchiveName)).toEqual([
    archiveName("ops"),
  ]);
  const storage = templates[storageStackName("ops")] as Template | undefined;
  expect(Object.keys(storage?.Outputs ?? {})).toEqual(
    expect.arrayContaining(["RecordingsBucket", "TranscriptsBucket", "MedicalDataBucket"]),
  );

  const control = await synthesize({ stage: "ops", region: "eu-central-1", checks: false });
  expect(
    propertiesOf(control.templates["ops-medpipe-Forwarder"], "AWS::SQS::Queue").map((q) => q.QueueName),
  ).toEqual([forwarderDeadLetterQueueName("ops")]);
});
