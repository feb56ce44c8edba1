import { ChimeSDKIdentityClient } from "@aws-sdk/client-chime-sdk-identity";
import { ChimeSDKMessagingClient } from "@aws-sdk/client-chime-sdk-messaging";
import {
  createMessaging,
  deleteMessaging,
  messagingProvisionProperties,
  updateMessaging,
} from "@medpipe/core/messaging";
import type { CloudFormationCustomResourceEvent } from "aws-lambda";
import { logger } from "./runtime/logger.js";

const clients = {
  identity: new ChimeSDKIdentityClient({ region: process.env.AWS_REGION }),
  messaging: new ChimeSDKMessagingClient({ region: process.env.AWS_REGION }),
};

/**
 * The `Custom::ChimeMessaging` resource's create, update and delete (CloudFormation has no type for an
 * AppInstance's admin, retention or streaming): the CDK custom resource provider calls it and answers
 * CloudFormation. The AppInstance's ARN is the physical id, and `AppInstanceArn` an attribute.
 */
export async function handler(event: CloudFormationCustomResourceEvent) {
  logger.info("messaging provisioning", { requestType: event.RequestType });
  if (event.RequestType === "Delete") {
    if (event.PhysicalResourceId.startsWith("arn:")) await deleteMessaging(clients, event.PhysicalResourceId);
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  const properties = messagingProvisionProperties.parse(event.ResourceProperties);
  const provisioned =
    event.RequestType === "Create"
      ? await createMessaging(clients, properties)
      : await updateMessaging(clients, event.PhysicalResourceId, properties);
  return {
    PhysicalResourceId: provisioned.appInstanceArn,
    Data: { AppInstanceArn: provisioned.appInstanceArn, ServiceUserArn: provisioned.serviceUserArn },
  };
}
