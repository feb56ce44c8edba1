import { randomUUID } from "node:crypto";
import { consultIdPath, type PostMessageResponse, postMessageBody } from "@medpipe/core/api";
import { sendConsultMessage } from "@medpipe/core/messaging";
import { consultRouter, lambdaHandler } from "./runtime/api.js";
import { messagingServices } from "./runtime/messaging-services.js";

const { app, path } = consultRouter("post-message");

/**
 * POST /consults/{consultId}/messages (any participant): SendChannelMessage in the consult's channel as the
 * caller's AppInstanceUser. The content is never logged; it reaches `chat` through the stream.
 */
app.post(
  path,
  async (reqCtx) => {
    const { content, clientRequestToken } = reqCtx.valid.req.body;
    const posted: PostMessageResponse = await sendConsultMessage(
      await messagingServices(),
      reqCtx.valid.req.path.consultId,
      reqCtx.get("userId") ?? "",
      { content, clientRequestToken: clientRequestToken ?? randomUUID() },
    );
    return Response.json(posted, { status: 201 });
  },
  { validation: { req: { path: consultIdPath, body: postMessageBody } } },
);

export const handler = lambdaHandler(app, "post-message");
