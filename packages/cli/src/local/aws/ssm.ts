import {
  GetParameterCommand,
  GetParametersCommand,
  ParameterNotFound,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import type { AwsClientStub } from "aws-sdk-client-mock";
import { standIn } from "./stand-in.js";

/**
 * SSM Parameter Store for the local rig, holding the stage's SST secrets under SST's names
 * (`/sst/<app>/<stage>/Secret/<NAME>/value`), so that a function bound to a secret fetches it at cold start as
 * it does in AWS, and the stacks' parameters (`parameters` may grow as they are deployed). GetParameters takes at
 * most 10 names and lists the others as invalid; GetParameter of a name not there is ParameterNotFound.
 *
 * @example
 * installLocalSsm(mockClient(SSMClient), { "/sst/medpipe/local/Secret/SUPABASE_URL/value": url });
 */
export function installLocalSsm(mock: AwsClientStub<SSMClient>, parameters: Record<string, string>): void {
  standIn(mock, GetParametersCommand, async (input: { Names?: string[] }) => {
    const names = input.Names ?? [];
    if (names.length > 10) {
      throw Object.assign(new Error("1 validation error detected: names must have at most 10 members"), {
        name: "ValidationException",
        $metadata: { httpStatusCode: 400 },
      });
    }
    return {
      Parameters: names
        .filter((name) => name in parameters)
        .map((name) => ({ Name: name, Type: "SecureString", Value: parameters[name], Version: 1 })),
      InvalidParameters: names.filter((name) => !(name in parameters)),
    };
  });
  standIn(mock, GetParameterCommand, async (input: { Name?: string }) => {
    const value = parameters[input.Name ?? ""];
    if (value === undefined) throw new ParameterNotFound({ message: "", $metadata: { httpStatusCode: 400 } });
    return { Parameter: { Name: input.Name, Type: "String", Value: value, Version: 1 } };
  });
}

/** The parameter SST keeps a secret's value in, for an app and stage. */
export function sstSecretParameter(app: string, stage: string, secret: string): string {
  return `/sst/${app}/${stage}/Secret/${secret}/value`;
}
