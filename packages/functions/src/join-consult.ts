import { consultIdPath, type JoinResponse } from "@medpipe/core/api";
import { joinConsult } from "@medpipe/core/consult";
import { consultRouter, lambdaHandler } from "./runtime/api.js";
import { chimeMeetings, consultServices, meetingSettings } from "./runtime/consult-services.js";

const { app, path } = consultRouter("join-consult");

/**
 * POST /consults/{consultId}/join: the consult's live meeting (created on the first join of the window, or
 * after the last one ended) and the caller's attendee, exactly as Chime returns them.
 */
app.post(
  path,
  async (reqCtx) => {
    const deps = {
      store: (await consultServices()).store,
      chime: chimeMeetings(),
      settings: meetingSettings(),
    };
    const joined = await joinConsult(deps, reqCtx.valid.req.path.consultId, reqCtx.get("userId") ?? "");
    return Response.json(joined as JoinResponse);
  },
  { validation: { req: { path: consultIdPath } } },
);

export const handler = lambdaHandler(app, "join-consult");
