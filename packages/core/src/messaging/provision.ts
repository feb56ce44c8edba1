import {
  type ChimeSDKIdentityClient,
  ConflictException,
  CreateAppInstanceAdminCommand,
  CreateAppInstanceCommand,
  CreateAppInstanceUserCommand,
  DeleteAppInstanceCommand,
  NotFoundException,
  PutAppInstanceRetentionSettingsCommand,
  UpdateAppInstanceCommand,
} from "@aws-sdk/client-chime-sdk-identity";
import {
  type ChimeSDKMessagingClient,
  DeleteMessagingStreamingConfigurationsCommand,
  NotFoundException as MessagingNotFound,
  PutMessagingStreamingConfigurationsCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import * as z from "zod";
import { messagingRequestToken } from "./channel.js";
import { appInstanceUserArn, SERVICE_USER_ID } from "./identities.js";
import { CHANNEL_RETENTION_DAYS_RANGE } from "./limits.js";

/** What the Messaging stack's `Custom::ChimeMessaging` resource asks for (CloudFormation hands numbers as strings). */
export const messagingProvisionProperties = z.object({
  Stage: z.string().min(1),
  AppInstanceName: z.string().min(1).max(256),
  RetentionDays: z.coerce
    .number()
    .int()
    .min(CHANNEL_RETENTION_DAYS_RANGE.min)
    .max(CHANNEL_RETENTION_DAYS_RANGE.max),
  StreamArn: z.string().startsWith("arn:"),
});
export type MessagingProvisionProperties = z.output<typeof messagingProvisionProperties>;

/** What the resource gives the stack: the AppInstance (its physical id) and the pipeline's own identity in it. */
export interface ProvisionedMessaging {
  appInstanceArn: string;
  serviceUserArn: string;
}

export interface ProvisioningClients {
  identity: ChimeSDKIdentityClient;
  messaging: ChimeSDKMessagingClient;
}

/**
 * Creates the stage's messaging, each step idempotent so that CloudFormation's retry of a create that failed
 * half-way finishes it: the AppInstance, the pipeline's AppInstanceUser made its admin (it makes channels and adds
 * members), the app-instance retention, and data streaming of channel messages and channels into the stream.
 *
 * @example
 * const { appInstanceArn } = await createMessaging(clients, { Stage, AppInstanceName, RetentionDays, StreamArn });
 */
export async function createMessaging(
  clients: ProvisioningClients,
  properties: MessagingProvisionProperties,
): Promise<ProvisionedMessaging> {
  const { AppInstanceArn: appInstanceArn } = await clients.identity.send(
    new CreateAppInstanceCommand({
      Name: properties.AppInstanceName,
      ClientRequestToken: messagingRequestToken(properties.Stage, "app-instance", properties.AppInstanceName),
    }),
  );
  if (!appInstanceArn) throw new Error("CreateAppInstance returned no AppInstanceArn");
  const serviceUserArn = appInstanceUserArn(appInstanceArn, SERVICE_USER_ID);
  try {
    await clients.identity.send(
      new CreateAppInstanceUserCommand({
        AppInstanceArn: appInstanceArn,
        AppInstanceUserId: SERVICE_USER_ID,
        Name: "medpipe",
        ClientRequestToken: messagingRequestToken(properties.Stage, "user", SERVICE_USER_ID),
      }),
    );
  } catch (error) {
    if (!(error instanceof ConflictException)) throw error;
  }
  try {
    await clients.identity.send(
      new CreateAppInstanceAdminCommand({
        AppInstanceArn: appInstanceArn,
        AppInstanceAdminArn: serviceUserArn,
      }),
    );
  } catch (error) {
    if (!(error instanceof ConflictException)) throw error;
  }
  await configureMessaging(clients, appInstanceArn, properties);
  return { appInstanceArn, serviceUserArn };
}

/**
 * Applies changed properties to the AppInstance of `appInstanceArn`: its name, retention and streaming.
 *
 * @example
 * await updateMessaging(clients, physicalResourceId, properties);
 */
export async function updateMessaging(
  clients: ProvisioningClients,
  appInstanceArn: string,
  properties: MessagingProvisionProperties,
): Promise<ProvisionedMessaging> {
  await clients.identity.send(
    new UpdateAppInstanceCommand({
      AppInstanceArn: appInstanceArn,
      Name: properties.AppInstanceName,
      Metadata: "",
    }),
  );
  await configureMessaging(clients, appInstanceArn, properties);
  return { appInstanceArn, serviceUserArn: appInstanceUserArn(appInstanceArn, SERVICE_USER_ID) };
}

/**
 * Removes the stage's messaging: streaming stops, then the AppInstance goes with its channels and messages (the
 * stack retains the resource in production stages, so this never runs there). One already gone is no error.
 *
 * @example
 * await deleteMessaging(clients, physicalResourceId);
 */
export async function deleteMessaging(clients: ProvisioningClients, appInstanceArn: string): Promise<void> {
  try {
    await clients.messaging.send(
      new DeleteMessagingStreamingConfigurationsCommand({ AppInstanceArn: appInstanceArn }),
    );
  } catch (error) {
    if (!(error instanceof MessagingNotFound)) throw error;
  }
  try {
    await clients.identity.send(new DeleteAppInstanceCommand({ AppInstanceArn: appInstanceArn }));
  } catch (error) {
    if (!(error instanceof NotFoundException)) throw error;
  }
}

async function configureMessaging(
  clients: ProvisioningClients,
  appInstanceArn: string,
  properties: MessagingProvisionProperties,
): Promise<void> {
  await clients.identity.send(
    new PutAppInstanceRetentionSettingsCommand({
      AppInstanceArn: appInstanceArn,
      AppInstanceRetentionSettings: { ChannelRetentionSettings: { RetentionDays: properties.RetentionDays } },
    }),
  );
  await clients.messaging.send(
    new PutMessagingStreamingConfigurationsCommand({
      AppInstanceArn: appInstanceArn,
      StreamingConfigurations: [
        { DataType: "ChannelMessage", ResourceArn: properties.StreamArn },
        { DataType: "Channel", ResourceArn: properties.StreamArn },
      ],
    }),
  );
}
