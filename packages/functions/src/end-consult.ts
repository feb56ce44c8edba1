import { consultIdPath, type EndResponse } from "@medpipe/core/api";
import { endConsultMeeting } from "@medpipe/core/consult";
import { consultRouter, lambdaHandler } from "./runtime/api.js";
import { chimeMeetings, consultServices } from "./runtime/consult-services.js";

const { app, path } = consultRouter("end-consult");

/** POST /consults/{consultId}/end (clinicians): DeleteMeeting; the pipeline runs from MeetingEnded. */
app.post(
  path,
  async (reqCtx) => {
    const deps = { store: (await consultServices()).store, chime: chimeMeetings() };
    const ended: EndResponse = await endConsultMeeting(
      deps,
      reqCtx.valid.req.path.consultId,
      reqCtx.get("userId") ?? "",
    );
    return Response.json(ended, { status: 202 });
  },
  { validation: { req: { path: consultIdPath } } },
);

export const handler = lambdaHandler(app, "end-consult");
