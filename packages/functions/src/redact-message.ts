import { messageIdPath, type RedactMessageResponse } from "@medpipe/core/api";
import { redactConsultMessage } from "@medpipe/core/messaging";
import { consultRouter, lambdaHandler } from "./runtime/api.js";
import { messagingServices } from "./runtime/messaging-services.js";

const { app, path } = consultRouter("redact-message");

/** DELETE /consults/{consultId}/messages/{messageId} (the sender or a clinician): RedactChannelMessage as the caller. */
app.delete(
  path,
  async (reqCtx) => {
    const { consultId, messageId } = reqCtx.valid.req.path;
    const redacted: RedactMessageResponse = await redactConsultMessage(
      await messagingServices(),
      consultId,
      reqCtx.get("userId") ?? "",
      messageId,
    );
    return Response.json(redacted);
  },
  { validation: { req: { path: messageIdPath } } },
);

export const handler = lambdaHandler(app, "redact-message");
