import {
  ForbiddenException,
  NotFoundException,
  SendChannelMessageCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { participantOf } from "../consult/access.js";
import { ConsultNotFoundError } from "../consult/errors.js";
import { ensureConsultChannel, type MessagingDependencies, messagingRequestToken } from "./channel.js";
import { IncompleteMessagingAnswerError } from "./errors.js";
import { appInstanceUserArn, consultChannelArn } from "./identities.js";

/**
 * A participant posts a message in the consult's channel: SendChannelMessage as their own AppInstanceUser
 * (`ChimeBearer`), a persistent STANDARD message. The ClientRequestToken comes from the consult, the caller and
 * the app's own token for the message, so a retried request sends once. The channel, the caller's AppInstanceUser
 * and membership are made on first use. The content reaches Supabase `chat` through the stream, not from here.
 *
 * @example
 * const { messageId } = await sendConsultMessage(deps, consultId, userId, { content, clientRequestToken });
 */
export async function sendConsultMessage(
  deps: MessagingDependencies,
  consultId: string,
  userId: string,
  message: { content: string; clientRequestToken: string },
): Promise<{ messageId: string }> {
  const consult = await deps.store.findConsult(consultId);
  if (!consult) throw new ConsultNotFoundError(consultId);
  const caller = participantOf(consult, userId);
  const send = () =>
    deps.messaging.send(
      new SendChannelMessageCommand({
        ChannelArn: consultChannelArn(deps.appInstanceArn, consult.consultId),
        Content: message.content,
        Type: "STANDARD",
        Persistence: "PERSISTENT",
        ClientRequestToken: messagingRequestToken(
          deps.stage,
          "message",
          consult.consultId,
          caller.userId,
          message.clientRequestToken,
        ),
        ChimeBearer: appInstanceUserArn(deps.appInstanceArn, caller.userId),
      }),
    );
  let sent: Awaited<ReturnType<typeof send>>;
  try {
    sent = await send();
  } catch (error) {
    // No channel yet, or the caller is not (yet) its member: make both, then send once more.
    if (!(error instanceof NotFoundException || error instanceof ForbiddenException)) throw error;
    await ensureConsultChannel(deps, consult, caller);
    sent = await send();
  }
  if (!sent.MessageId) throw new IncompleteMessagingAnswerError("SendChannelMessage", consult.consultId);
  return { messageId: sent.MessageId };
}
