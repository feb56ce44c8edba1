import { isUuid } from "../events/uuid.js";

/** The AppInstanceUser the pipeline's own calls are made as (it is the AppInstance's admin). */
export const SERVICE_USER_ID = "medpipe-service";

/** The stage's messaging resource names: the AppInstance, its stream, and the parameter naming the AppInstance. */
export const messagingNames = (stage: string) => ({
  appInstance: `${stage}-medpipe`,
  stream: `chime-messaging-${stage}-medpipe`,
  /** SSM parameter (in the messaging region) whose value is the AppInstance's ARN. */
  appInstanceParameter: `/${stage}/medpipe/messaging/app-instance-arn`,
  consumer: `${stage}-medpipe-chat-consumer`,
});

/**
 * A Supabase user's AppInstanceUser: its AppInstanceUserId is the user id itself.
 *
 * @example
 * appInstanceUserArn("arn:aws:chime:eu-central-1:1:app-instance/a", userId); // ".../app-instance/a/user/<userId>"
 */
export function appInstanceUserArn(appInstanceArn: string, userId: string): string {
  return `${appInstanceArn}/user/${userId}`;
}

/**
 * A consult's channel: its ChannelId is the consult id, so that the channel of any record names its consult.
 *
 * @example
 * consultChannelArn(appInstanceArn, consultId); // ".../app-instance/a/channel/<consultId>"
 */
export function consultChannelArn(appInstanceArn: string, consultId: string): string {
  return `${appInstanceArn}/channel/${consultId}`;
}

/**
 * The consult a channel belongs to, or null for a channel that is no consult's (made by hand, say).
 *
 * @example
 * consultIdOfChannel(".../app-instance/a/channel/3f0c…"); // "3f0c…"
 */
export function consultIdOfChannel(channelArn: string): string | null {
  const id = /\/channel\/([^/]+)$/.exec(channelArn)?.[1];
  return id && isUuid(id) ? id.toLowerCase() : null;
}

/**
 * The Supabase user behind an AppInstanceUser ARN, or null for any other identity (the service user, a bot).
 *
 * @example
 * userIdOfIdentity(".../app-instance/a/user/<userId>"); // "<userId>"
 */
export function userIdOfIdentity(arn: string | undefined): string | null {
  const id = /\/user\/([^/]+)$/.exec(arn ?? "")?.[1];
  return id && isUuid(id) ? id.toLowerCase() : null;
}

/** The messaging functions that are neither workflow tasks nor API routes, by their handler's file name. */
export const MESSAGING_HANDLERS = ["apply-chat-messages", "provision-messaging"] as const;
export type MessagingHandler = (typeof MESSAGING_HANDLERS)[number];

/** The variable naming such a function's handler (packages/functions/src/<handler>.ts), for the local rig. */
export const HANDLER_VARIABLE = "MEDPIPE_HANDLER";
