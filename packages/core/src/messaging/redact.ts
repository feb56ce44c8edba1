import {
  ForbiddenException,
  GetChannelMessageCommand,
  NotFoundException,
  RedactChannelMessageCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { participantOf } from "../consult/access.js";
import { ConsultNotFoundError, WrongRoleError } from "../consult/errors.js";
import { ensureConsultChannel, type MessagingDependencies } from "./channel.js";
import { MessageNotFoundError } from "./errors.js";
import { appInstanceUserArn, consultChannelArn, SERVICE_USER_ID, userIdOfIdentity } from "./identities.js";

/**
 * The sender, or a clinician of the consult, redacts a message: RedactChannelMessage as the caller, which blanks
 * its content and metadata in Chime and keeps the fact that it existed (the stream then redacts the `chat` row).
 * Redacting a redacted message changes nothing.
 *
 * @example
 * await redactConsultMessage(deps, consultId, userId, messageId);
 */
export async function redactConsultMessage(
  deps: MessagingDependencies,
  consultId: string,
  userId: string,
  messageId: string,
): Promise<{ messageId: string; redacted: true }> {
  const consult = await deps.store.findConsult(consultId);
  if (!consult) throw new ConsultNotFoundError(consultId);
  const caller = participantOf(consult, userId);
  const channelArn = consultChannelArn(deps.appInstanceArn, consult.consultId);
  let senderId: string | null;
  try {
    const { ChannelMessage } = await deps.messaging.send(
      new GetChannelMessageCommand({
        ChannelArn: channelArn,
        MessageId: messageId,
        ChimeBearer: appInstanceUserArn(deps.appInstanceArn, SERVICE_USER_ID),
      }),
    );
    if (!ChannelMessage) throw new MessageNotFoundError(consult.consultId, messageId);
    if (ChannelMessage.Redacted) return { messageId, redacted: true };
    senderId = userIdOfIdentity(ChannelMessage.Sender?.Arn);
  } catch (error) {
    if (error instanceof NotFoundException) throw new MessageNotFoundError(consult.consultId, messageId);
    throw error;
  }
  if (senderId !== caller.userId && caller.role !== "clinician") {
    throw new WrongRoleError(consult.consultId, "redact another participant's message", [
      "sender",
      "clinician",
    ]);
  }
  const redact = () =>
    deps.messaging.send(
      new RedactChannelMessageCommand({
        ChannelArn: channelArn,
        MessageId: messageId,
        ChimeBearer: appInstanceUserArn(deps.appInstanceArn, caller.userId),
      }),
    );
  try {
    await redact();
  } catch (error) {
    // A clinician added after the channel was made is not its moderator yet.
    if (!(error instanceof ForbiddenException)) throw error;
    await ensureConsultChannel(deps, consult, caller);
    await redact();
  }
  return { messageId, redacted: true };
}
