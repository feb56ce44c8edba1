import { PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { type ConsentResponse, consultIdPath } from "@medpipe/core/api";
import { giveRecordingConsent, liveMeetingOf, recordingConsentEntry } from "@medpipe/core/consult";
import { consultRouter, lambdaHandler } from "./runtime/api.js";
import { eventBridge } from "./runtime/clients.js";
import { consultServices } from "./runtime/consult-services.js";

const { app, path } = consultRouter("give-consent");

/**
 * POST /consults/{consultId}/consent (the patient): records recording consent; when the consult's meeting is
 * live, puts a Recording Consent Given event on the default bus so that the pipeline starts recording it now.
 */
app.post(
  path,
  async (reqCtx) => {
    const consult = await giveRecordingConsent(
      (await consultServices()).store,
      reqCtx.valid.req.path.consultId,
      reqCtx.get("userId") ?? "",
    );
    const entry = recordingConsentEntry(consult, new Date());
    if (entry) {
      const { FailedEntryCount } = await eventBridge().send(new PutEventsCommand({ Entries: [entry] }));
      if (FailedEntryCount) throw new Error("the Recording Consent Given event was not accepted");
    }
    const consented: ConsentResponse = {
      consultId: consult.consultId,
      consentedAt: consult.consent?.givenAt ?? "",
      meetingId: entry ? (liveMeetingOf(consult)?.meetingId ?? null) : null,
    };
    return Response.json(consented);
  },
  { validation: { req: { path: consultIdPath } } },
);

export const handler = lambdaHandler(app, "give-consent");
