import { ChimeSDKIdentityClient } from "@aws-sdk/client-chime-sdk-identity";
import { ChimeSDKMessagingClient } from "@aws-sdk/client-chime-sdk-messaging";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { type MessagingDependencies, messagingNames, messagingRegion } from "@medpipe/core/messaging";
import { consultServices } from "./consult-services.js";
import { useConfig } from "./environment.js";

let services: Promise<MessagingDependencies> | undefined;

/**
 * The messaging routes' dependencies, built once per container: the consults, Chime SDK identity and messaging
 * in the stage's messaging region, and the stage's AppInstance, whose ARN the Messaging stack keeps in an SSM
 * parameter of that region (CloudFormation cannot hand a value from one region's stack to another's).
 */
export function messagingServices(): Promise<MessagingDependencies> {
  services ??= (async () => {
    const region = messagingRegion();
    const { stage } = useConfig();
    const { Parameter } = await new SSMClient({ region }).send(
      new GetParameterCommand({ Name: messagingNames(stage).appInstanceParameter }),
    );
    if (!Parameter?.Value) throw new Error(`the messaging AppInstance of stage ${stage} is not deployed`);
    return {
      store: (await consultServices()).store,
      identity: new ChimeSDKIdentityClient({ region }),
      messaging: new ChimeSDKMessagingClient({ region }),
      appInstanceArn: Parameter.Value,
      stage,
    };
  })();
  services.catch(() => {
    services = undefined;
  });
  return services;
}
