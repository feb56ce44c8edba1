import { createHash } from "node:crypto";
import {
  type ChimeSDKIdentityClient,
  CreateAppInstanceUserCommand,
  ConflictException as IdentityConflict,
} from "@aws-sdk/client-chime-sdk-identity";
import {
  type ChimeSDKMessagingClient,
  ConflictException,
  CreateChannelCommand,
  CreateChannelMembershipCommand,
  CreateChannelModeratorCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import type { Consult, Participant } from "../consult/consult.js";
import type { ConsultStore } from "../consult/consult-store.js";
import { appInstanceUserArn, consultChannelArn, SERVICE_USER_ID } from "./identities.js";
import { CHANNEL_ARNS_PER_CREATE } from "./limits.js";

/** What the messaging routes need: the consults, the two Chime SDK clients, and the stage's AppInstance. */
export interface MessagingDependencies {
  store: ConsultStore;
  identity: ChimeSDKIdentityClient;
  messaging: ChimeSDKMessagingClient;
  /** The stage's AppInstance, where each consult has its channel. */
  appInstanceArn: string;
  stage: string;
}

/**
 * A ClientRequestToken for one messaging request of a stage: the same parts give the same token, so a retried
 * request is the same request to Chime. 43 characters of base64url (the API takes 2 to 64 of `[-_a-zA-Z0-9]`).
 *
 * @example
 * messagingRequestToken("prod", "channel", consultId);
 */
export function messagingRequestToken(stage: string, ...parts: string[]): string {
  return createHash("sha256")
    .update([stage, ...parts].join("/"))
    .digest("base64url");
}

/**
 * The participant's AppInstanceUser, created on first use (AppInstanceUserId = the Supabase user id; its name is
 * the id too, since a name would be a person's). Creating it again with the same token is the same request.
 *
 * @example
 * await ensureAppInstanceUser(deps, userId);
 */
export async function ensureAppInstanceUser(deps: MessagingDependencies, userId: string): Promise<string> {
  try {
    await deps.identity.send(
      new CreateAppInstanceUserCommand({
        AppInstanceArn: deps.appInstanceArn,
        AppInstanceUserId: userId,
        Name: userId,
        ClientRequestToken: messagingRequestToken(deps.stage, "user", userId),
      }),
    );
  } catch (error) {
    if (!(error instanceof IdentityConflict)) throw error;
  }
  return appInstanceUserArn(deps.appInstanceArn, userId);
}

/**
 * The consult's channel, made on first use and idempotently: private (only members see it) and restricted (only
 * the pipeline, as the AppInstance's admin, and moderators add members), ChannelId = the consult id, with the
 * participants as members and the clinicians as moderators; and `caller` a member (a moderator when a clinician),
 * for a participant added to the consult after its channel was made. Returns the channel's ARN.
 *
 * @example
 * const channelArn = await ensureConsultChannel(deps, consult, caller);
 */
export async function ensureConsultChannel(
  deps: MessagingDependencies,
  consult: Consult,
  caller: Participant,
): Promise<string> {
  const channelArn = consultChannelArn(deps.appInstanceArn, consult.consultId);
  const service = appInstanceUserArn(deps.appInstanceArn, SERVICE_USER_ID);
  const members: string[] = [];
  for (const participant of consult.participants)
    members.push(await ensureAppInstanceUser(deps, participant.userId));
  const moderators = consult.participants
    .filter((participant) => participant.role === "clinician")
    .map((participant) => appInstanceUserArn(deps.appInstanceArn, participant.userId));
  try {
    await deps.messaging.send(
      new CreateChannelCommand({
        AppInstanceArn: deps.appInstanceArn,
        ChannelId: consult.consultId,
        Name: `consult ${consult.consultId}`,
        Mode: "RESTRICTED",
        Privacy: "PRIVATE",
        ClientRequestToken: messagingRequestToken(deps.stage, "channel", consult.consultId),
        ChimeBearer: service,
        MemberArns: members.slice(0, CHANNEL_ARNS_PER_CREATE),
        ModeratorArns: moderators.length > 0 ? moderators.slice(0, CHANNEL_ARNS_PER_CREATE) : undefined,
      }),
    );
  } catch (error) {
    if (!(error instanceof ConflictException)) throw error;
  }
  const callerArn = appInstanceUserArn(deps.appInstanceArn, caller.userId);
  await ignoringConflict(
    deps.messaging.send(
      new CreateChannelMembershipCommand({
        ChannelArn: channelArn,
        MemberArn: callerArn,
        Type: "DEFAULT",
        ChimeBearer: service,
      }),
    ),
  );
  if (caller.role === "clinician") {
    await ignoringConflict(
      deps.messaging.send(
        new CreateChannelModeratorCommand({
          ChannelArn: channelArn,
          ChannelModeratorArn: callerArn,
          ChimeBearer: service,
        }),
      ),
    );
  }
  return channelArn;
}

async function ignoringConflict(request: Promise<unknown>): Promise<void> {
  try {
    await request;
  } catch (error) {
    if (!(error instanceof ConflictException)) throw error;
  }
}
