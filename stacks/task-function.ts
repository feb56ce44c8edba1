import type { TaskName } from "@medpipe/core/workflow";
import { TASK_VARIABLE } from "@medpipe/core/workflow";
import { Aws } from "aws-cdk-lib";
import { type FunctionProps, Function as SstFunction, type Stack } from "sst/constructs";

/** PascalCase of a kebab-case name, for construct ids: "start-recording" → "StartRecording". */
export function pascalCase(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());
}

/**
 * One task's Lambda function: the handler `packages/functions/src/<task>.ts`, ESM and minified, with the AWS
 * SDK v3 the Node.js 22 runtime provides, and `MEDPIPE_TASK` naming the task for the local runner.
 */
export function taskFunction(
  stack: Stack,
  name: TaskName,
  props: Omit<FunctionProps, "handler"> = {},
): SstFunction {
  return new SstFunction(stack, pascalCase(name), {
    ...props,
    handler: `packages/functions/src/${name}.handler`,
    environment: {
      [TASK_VARIABLE]: name,
      MEDPIPE_ACCOUNT: Aws.ACCOUNT_ID,
      MEDPIPE_PARTITION: Aws.PARTITION,
      POWERTOOLS_SERVICE_NAME: "medpipe",
      ...props.environment,
    },
    nodejs: { format: "esm", minify: true, esbuild: { external: ["@aws-sdk/*"] } },
  });
}
