import { consultIdPath, type StatusResponse } from "@medpipe/core/api";
import { ConsultNotFoundError, participantOf } from "@medpipe/core/consult";
import { consultRouter, lambdaHandler } from "./runtime/api.js";
import { consultServices } from "./runtime/consult-services.js";

const { app, path } = consultRouter("get-consult");

/** GET /consults/{consultId}: the consult's state for any of its participants (ids, states, counts). */
app.get(
  path,
  async (reqCtx) => {
    const { consultId } = reqCtx.valid.req.path;
    const { store } = await consultServices();
    const consult = await store.findConsult(consultId);
    if (!consult) throw new ConsultNotFoundError(consultId);
    participantOf(consult, reqCtx.get("userId") ?? "");
    const status = await store.findConsultStatus(consultId);
    if (!status) throw new ConsultNotFoundError(consultId);
    return Response.json(status satisfies StatusResponse);
  },
  { validation: { req: { path: consultIdPath } } },
);

export const handler = lambdaHandler(app, "get-consult");
