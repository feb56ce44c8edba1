import { randomUUID } from "node:crypto";
import { joinResponse, statusResponse } from "@medpipe/core/api";
import { type ConsultStore, createConsultStore, type ParticipantRole } from "@medpipe/core/consult";
import { parseEventOrThrow } from "@medpipe/core/events";
import { sinkClient } from "@medpipe/core/sink";
import { generateSigningKeys, signAccessToken, signToken } from "@medpipe/core/sink/embedded";
import { type Rig, startRig } from "@medpipe/testing/rig";
import { MeetingSessionConfiguration } from "amazon-chime-sdk-js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { generateConsult } from "../consult/generate.js";
import type { LocalChimeMeetings } from "../local/aws/chime-meetings.js";
import type { LocalPipeline } from "../local/pipeline.js";
import { type LocalApi, startLocalApi } from "./local-api.js";

/**
 * The consult API as the local stage serves it: each route's function from the synthesized Api stack, run by the
 * rig with its template's environment, behind the local API Gateway; the Chime stand-ins and the whole pipeline
 * behind it, on a virtual clock that runs while a request and the work it set off are under way.
 */
let rig: Rig;
let pipeline: LocalPipeline;
let api: LocalApi;
let store: ConsultStore;
let chime: LocalChimeMeetings;
type BusEvent = { source: string; "detail-type": string; detail: Record<string, unknown> };
/** What Chime's meetings and the handlers put on the bus, in order. */
const chimeEvents: BusEvent[] = [];
const busEvents: BusEvent[] = [];
const tokens = new Map<string, string>();

const clinician = randomUUID();
const patient = randomUUID();
const interpreter = randomUUID();
const observer = randomUUID();
const stranger = randomUUID();
const HOUR = 3_600_000;

beforeAll(async () => {
  rig = await startRig({ MEDPIPE_CONSENT_GATE: "on" });
  const consult = Buffer.from(JSON.stringify(generateConsult({ minutes: 3, seed: 3 })));
  pipeline = await rig.pipeline({
    transcript: () => consult,
    start: new Date(),
    onEvent: (event) => {
      const busEvent = event as BusEvent;
      if (busEvent["detail-type"] === "Chime Meeting State Change") chimeEvents.push(busEvent);
      if (busEvent.source === "medpipe") busEvents.push(busEvent);
    },
  });
  chime = pipeline.services.meetings;
  store = createConsultStore(
    sinkClient({ url: rig.supabase.url, serviceRoleKey: rig.supabase.serviceRoleKey }),
  );
  for (const user of [clinician, patient, interpreter, observer, stranger]) {
    tokens.set(user, await rig.supabase.mintAccessToken(user));
  }
  api = await startLocalApi({
    port: 0,
    routes: pipeline.apiRoutes,
    invoke: (route, event) => pipeline.invokeRoute(route, event),
  });
});

afterAll(async () => {
  await api?.stop();
  await rig?.stop();
});

beforeEach(() => {
  chimeEvents.length = 0;
  busEvents.length = 0;
});

/** The rig's time: consult windows are set in it, as the handlers read it. */
const now = () => (pipeline.clock as NonNullable<LocalPipeline["clock"]>).now().getTime();

async function scheduled(
  window: { startsAt?: number; endsAt?: number; closed?: boolean } = {},
): Promise<string> {
  const consultId = randomUUID();
  const participants: Array<{ userId: string; role: ParticipantRole }> = [
    { userId: clinician, role: "clinician" },
    { userId: patient, role: "patient" },
    { userId: interpreter, role: "interpreter" },
    { userId: observer, role: "observer" },
  ];
  await store.scheduleConsult({
    consultId,
    startsAt: new Date(window.startsAt ?? now() - HOUR / 4).toISOString(),
    endsAt: new Date(window.endsAt ?? now() + HOUR).toISOString(),
    participants,
    closed: window.closed,
  });
  return consultId;
}

async function request(method: string, path: string, authorization?: string) {
  const answer = await fetch(`${api.url}${path}`, {
    method,
    headers: authorization ? { authorization } : {},
  });
  return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
}

/** A request to the API, run with all it sets off (the workflows of the events it causes) to the end. */
const call = (method: string, path: string, authorization?: string) =>
  pipeline.run(() => request(method, path, authorization));

const as = (user: string) => `Bearer ${tokens.get(user)}`;
const join = (consultId: string, user: string) => call("POST", `/consults/${consultId}/join`, as(user));

function joined(answer: { status: number; body: unknown }) {
  expect(answer.status).toBe(200);
  return joinResponse.parse(answer.body);
}

const eventTypes = (events: BusEvent[]) => events.map((event) => event.detail.eventType);

describe("every route", () => {
  const routes = (consultId: string) => [
    ["POST", `/consults/${consultId}/join`],
    ["POST", `/consults/${consultId}/end`],
    ["POST", `/consults/${consultId}/consent`],
    ["GET", `/consults/${consultId}`],
  ];

  it("answers 401 with no token, a malformed header, a forged token or one for another audience", async () => {
    const consultId = await scheduled();
    const forged = await signAccessToken(
      {
        ...(await generateSigningKeys()),
        signingKey: {
          ...(await generateSigningKeys()).signingKey,
          kid: rig.supabase.signingKeys.signingKey.kid,
        },
      },
      { issuer: rig.supabase.authUrl, userId: clinician },
    );
    const otherIssuer = await signAccessToken(rig.supabase.signingKeys, {
      issuer: "https://other.supabase.co/auth/v1",
      userId: clinician,
    });
    const anonKey = rig.supabase.anonKey;
    for (const [method, path] of routes(consultId)) {
      for (const authorization of [
        undefined,
        "Basic abc",
        `Bearer ${forged}`,
        `Bearer ${otherIssuer}`,
        `Bearer ${anonKey}`,
      ]) {
        const answer = await call(method ?? "", path ?? "", authorization);
        expect(answer.status, `${method} ${path} with ${authorization?.slice(0, 12)}`).toBe(401);
        expect(answer.body).toEqual({ error: { code: "unauthenticated", message: expect.any(String) } });
      }
    }
  });

  it("answers 401 token-expired to an expired token, so that the app refreshes its session", async () => {
    const consultId = await scheduled();
    const expired = await signAccessToken(rig.supabase.signingKeys, {
      issuer: rig.supabase.authUrl,
      userId: clinician,
      now: new Date(now() - 2 * HOUR),
    });
    for (const [method, path] of routes(consultId)) {
      const answer = await call(method ?? "", path ?? "", `Bearer ${expired}`);
      expect(answer).toEqual({
        status: 401,
        body: { error: { code: "token-expired", message: expect.any(String) } },
      });
    }
  });

  it("takes a legacy HS256 token signed with the project's JWT secret, and no other secret", async () => {
    const consultId = await scheduled();
    const claims = {
      iss: rig.supabase.authUrl,
      aud: "authenticated",
      sub: patient,
      role: "authenticated",
      exp: Math.floor(now() / 1000) + 600,
    };
    const legacy = await signToken(claims, rig.supabase.jwtSecret);
    expect((await call("GET", `/consults/${consultId}`, `Bearer ${legacy}`)).status).toBe(200);
    const otherSecret = await signToken(claims, "not-the-project-secret");
    expect((await call("GET", `/consults/${consultId}`, `Bearer ${otherSecret}`)).status).toBe(401);
  });

  it("answers 400 naming consultId for an id that is not a UUID", async () => {
    for (const [method, path] of routes("not-a-uuid")) {
      const answer = await call(method ?? "", path ?? "", as(clinician));
      expect(answer).toEqual({
        status: 400,
        body: { error: { code: "invalid-request", message: expect.stringMatching(/^consultId: /) } },
      });
    }
  });

  it("answers 404 for a consult that does not exist", async () => {
    for (const [method, path] of routes(randomUUID())) {
      const answer = await call(method ?? "", path ?? "", as(clinician));
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ error: { code: "consult-not-found" } });
    }
  });

  it("answers 403 to a signed-in user who takes no part in the consult", async () => {
    const consultId = await scheduled();
    for (const [method, path] of routes(consultId)) {
      const answer = await call(method ?? "", path ?? "", as(stranger));
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({ error: { code: "not-a-participant" } });
    }
    expect(chimeEvents).toEqual([]);
  });

  it("answers API Gateway's own 404 to a path no route serves", async () => {
    expect(await call("GET", "/consults", as(clinician))).toEqual({
      status: 404,
      body: { message: "Not Found" },
    });
  });
});

describe("POST /consults/{consultId}/join", () => {
  it("gives the first participant Chime's Meeting and Attendee, in the data region, for the consult and user", async () => {
    const consultId = await scheduled();
    const { Meeting, Attendee } = joined(await join(consultId, clinician));
    expect(Meeting).toMatchObject({ ExternalMeetingId: consultId, MediaRegion: "eu-west-1" });
    expect(Meeting.MeetingFeatures).toMatchObject({ Attendee: { MaxCount: 10 } });
    expect(Attendee).toMatchObject({ ExternalUserId: clinician, JoinToken: expect.any(String) });
    expect(eventTypes(chimeEvents)).toEqual(["chime:MeetingStarted", "chime:AttendeeJoined"]);
  });

  it("gives each role its capabilities: content share for clinicians, receive-only for observers", async () => {
    const consultId = await scheduled();
    const capabilities = async (user: string) => joined(await join(consultId, user)).Attendee.Capabilities;
    expect(await capabilities(clinician)).toEqual({
      Audio: "SendReceive",
      Video: "SendReceive",
      Content: "SendReceive",
    });
    expect(await capabilities(patient)).toEqual({
      Audio: "SendReceive",
      Video: "SendReceive",
      Content: "Receive",
    });
    expect(await capabilities(interpreter)).toEqual({
      Audio: "SendReceive",
      Video: "SendReceive",
      Content: "Receive",
    });
    expect(await capabilities(observer)).toEqual({ Audio: "Receive", Video: "Receive", Content: "Receive" });
  });

  it("gives two racing first joins one meeting", async () => {
    const consultId = await scheduled();
    const joinRequest = (user: string) => request("POST", `/consults/${consultId}/join`, as(user));
    const answers = await pipeline.run(() =>
      Promise.all([joinRequest(clinician), joinRequest(patient), joinRequest(clinician)]),
    );
    const meetings = new Set(answers.map((answer) => joined(answer).Meeting.MeetingId));
    expect(meetings.size).toBe(1);
    expect(eventTypes(chimeEvents).filter((type) => type === "chime:MeetingStarted")).toHaveLength(1);
    expect((await store.findConsult(consultId))?.meeting).toMatchObject({ generation: 0, endedAt: null });
  });

  it("gives a participant who joins again the same attendee", async () => {
    const consultId = await scheduled();
    const first = joined(await join(consultId, patient));
    const again = joined(await join(consultId, patient));
    expect(again.Meeting.MeetingId).toBe(first.Meeting.MeetingId);
    expect(again.Attendee).toEqual(first.Attendee);
    expect(eventTypes(chimeEvents).filter((type) => type === "chime:AttendeeJoined")).toHaveLength(1);
  });

  it("starts a new meeting after the clinician ended the last one, or Chime ended it on its own", async () => {
    const consultId = await scheduled();
    const first = joined(await join(consultId, patient)).Meeting.MeetingId;
    expect(await call("POST", `/consults/${consultId}/end`, as(clinician))).toEqual({
      status: 202,
      body: { consultId, meetingId: first },
    });
    const second = joined(await join(consultId, patient)).Meeting.MeetingId;
    expect(second).not.toBe(first);

    await pipeline.run(() => chime.endMeeting(second ?? ""));
    const third = joined(await join(consultId, clinician)).Meeting.MeetingId;
    expect(new Set([first, second, third]).size).toBe(3);
    expect((await store.findConsult(consultId))?.meeting).toMatchObject({ generation: 2, meetingId: third });
  });

  it("answers 409 outside the join window and on a closed consult", async () => {
    const early = await scheduled({ startsAt: now() + HOUR, endsAt: now() + 2 * HOUR });
    const late = await scheduled({ startsAt: now() - 2 * HOUR, endsAt: now() - HOUR });
    const closed = await scheduled({ closed: true });
    for (const [consultId, code] of [
      [early, "outside-join-window"],
      [late, "outside-join-window"],
      [closed, "consult-closed"],
    ] as const) {
      const answer = await join(consultId, clinician);
      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({ error: { code } });
    }
    expect(chimeEvents).toEqual([]);
  });

  it("answers what amazon-chime-sdk-js's MeetingSessionConfiguration takes as it is", async () => {
    const consultId = await scheduled();
    const { body } = await join(consultId, patient);
    const { Meeting, Attendee } = joinResponse.parse(body);
    const configuration = new MeetingSessionConfiguration(body, body);
    expect(configuration.meetingId).toBe(Meeting.MeetingId);
    expect(configuration.externalMeetingId).toBe(consultId);
    expect(configuration.credentials?.attendeeId).toBe(Attendee.AttendeeId);
    expect(configuration.credentials?.externalUserId).toBe(patient);
    expect(configuration.credentials?.joinToken).toBe(Attendee.JoinToken);
    expect(configuration.urls?.audioHostURL).toBe(Meeting.MediaPlacement.AudioHostUrl);
    expect(configuration.urls?.signalingURL).toBe(Meeting.MediaPlacement.SignalingUrl);
    expect(configuration.urls?.turnControlURL).toBe(Meeting.MediaPlacement.TurnControlUrl);
    expect(configuration.urls?.eventIngestionURL).toBe(Meeting.MediaPlacement.EventIngestionUrl);
  });
});

describe("POST /consults/{consultId}/end", () => {
  it("deletes the live meeting for a clinician: Chime then sends MeetingEnded", async () => {
    const consultId = await scheduled();
    const meetingId = joined(await join(consultId, patient)).Meeting.MeetingId;
    chimeEvents.length = 0;
    expect((await call("POST", `/consults/${consultId}/end`, as(clinician))).status).toBe(202);
    expect(eventTypes(chimeEvents)).toEqual(["chime:AttendeeLeft", "chime:MeetingEnded"]);
    expect(chimeEvents.at(-1)?.detail).toMatchObject({ meetingId, externalMeetingId: consultId });
    expect(await call("POST", `/consults/${consultId}/end`, as(clinician))).toEqual({
      status: 202,
      body: { consultId, meetingId: null },
    });
  });

  it("answers 403 wrong-role to every other participant", async () => {
    const consultId = await scheduled();
    joined(await join(consultId, patient));
    for (const user of [patient, interpreter, observer]) {
      const answer = await call("POST", `/consults/${consultId}/end`, as(user));
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({ error: { code: "wrong-role" } });
    }
  });
});

describe("POST /consults/{consultId}/consent", () => {
  it("given mid-call, puts Recording Consent Given for the live meeting on the bus", async () => {
    const consultId = await scheduled();
    const meetingId = joined(await join(consultId, clinician)).Meeting.MeetingId;
    const answer = await call("POST", `/consults/${consultId}/consent`, as(patient));
    expect(answer).toEqual({ status: 200, body: { consultId, consentedAt: expect.any(String), meetingId } });
    expect(busEvents).toHaveLength(1);
    const event = parseEventOrThrow(busEvents[0]);
    expect(event).toMatchObject({
      kind: "recording-consent",
      source: "medpipe",
      eventType: "Recording Consent Given",
      consultId,
      meetingId,
      externalMeetingId: consultId,
      consentedAt: answer.body.consentedAt,
    });
  });

  it("given before the meeting, is recorded and puts nothing: the meeting's start finds it", async () => {
    const consultId = await scheduled();
    const answer = await call("POST", `/consults/${consultId}/consent`, as(patient));
    expect(answer.body).toMatchObject({ consultId, meetingId: null });
    expect(busEvents).toEqual([]);
    expect(await store.findRecordingConsent(consultId)).toEqual({
      consultId,
      consentedAt: answer.body.consentedAt,
    });
  });

  it("given twice, keeps the first time", async () => {
    const consultId = await scheduled();
    const first = await call("POST", `/consults/${consultId}/consent`, as(patient));
    const again = await call("POST", `/consults/${consultId}/consent`, as(patient));
    expect(again.body.consentedAt).toBe(first.body.consentedAt);
  });

  it("answers 403 to anyone but the patient and 409 on a closed consult", async () => {
    const consultId = await scheduled();
    for (const user of [clinician, interpreter, observer]) {
      const answer = await call("POST", `/consults/${consultId}/consent`, as(user));
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({ error: { code: "wrong-role" } });
    }
    const closed = await scheduled({ closed: true });
    expect((await call("POST", `/consults/${closed}/consent`, as(patient))).status).toBe(409);
    expect(await store.findRecordingConsent(consultId)).toEqual({ consultId, consentedAt: null });
  });
});

describe("GET /consults/{consultId}", () => {
  it("tells every participant the consult's state: its live meeting, consent, and no results yet", async () => {
    const consultId = await scheduled();
    const meetingId = joined(await join(consultId, clinician)).Meeting.MeetingId;
    for (const user of [clinician, patient, interpreter, observer]) {
      const answer = await call("GET", `/consults/${consultId}`, as(user));
      expect(answer.status).toBe(200);
      expect(statusResponse.parse(answer.body)).toMatchObject({
        consultId,
        closed: false,
        consent: null,
        meeting: { meetingId, state: "live", endedAt: null },
        recording: "none",
        transcriptReady: false,
        entityCount: 0,
        lastFailureStep: null,
      });
    }
    await call("POST", `/consults/${consultId}/end`, as(clinician));
    expect((await call("GET", `/consults/${consultId}`, as(patient))).body).toMatchObject({
      meeting: { meetingId, state: "ended" },
    });
  });
});

describe("the consent gate", () => {
  const runOf = async (idempotencyKey: string) =>
    (await rig.runLog()).find((run) => run.idempotency_key === idempotencyKey);
  const startOf = (meetingId: string) =>
    chimeEvents.find(
      (e) => e.detail.eventType === "chime:MeetingStarted" && e.detail.meetingId === meetingId,
    );
  const state = async (consultId: string) =>
    statusResponse.parse((await call("GET", `/consults/${consultId}`, as(patient))).body);

  it("records nothing of a consult without consent, and says so in the run log", async () => {
    const consultId = await scheduled();
    const meetingId = joined(await join(consultId, clinician)).Meeting.MeetingId;
    const start = startOf(meetingId) as unknown as { id: string };
    expect(await runOf(start.id)).toMatchObject({ status: "succeeded", note: "not recorded: no-consent" });
    await call("POST", `/consults/${consultId}/end`, as(clinician));
    expect(await state(consultId)).toMatchObject({
      recording: "none",
      transcriptReady: false,
      entityCount: 0,
    });
    expect((await rig.results()).mediaPipelines.filter((p) => p.meeting_id === meetingId)).toEqual([]);
  });

  it("records, transcribes and codes a consult from its start when consent came first", async () => {
    const consultId = await scheduled();
    await call("POST", `/consults/${consultId}/consent`, as(patient));
    joined(await join(consultId, clinician));
    await call("POST", `/consults/${consultId}/end`, as(clinician));
    const status = await state(consultId);
    expect(status).toMatchObject({ recording: "stored", transcriptReady: true, lastFailureStep: null });
    expect(status.entityCount).toBeGreaterThan(0);
  });

  it("starts recording mid-call when the patient consents, once however often they do", async () => {
    const consultId = await scheduled();
    const meetingId = joined(await join(consultId, clinician)).Meeting.MeetingId;
    for (let consents = 0; consents < 2; consents++) {
      await call("POST", `/consults/${consultId}/consent`, as(patient));
    }
    expect(busEvents.map((event) => event["detail-type"])).toEqual([
      "Recording Consent Given",
      "Recording Consent Given",
    ]);
    const captures = (await rig.results()).mediaPipelines.filter(
      (p) => p.meeting_id === meetingId && p.kind === "capture",
    );
    expect(captures).toHaveLength(1);
    await call("POST", `/consults/${consultId}/end`, as(clinician));
    expect(await state(consultId)).toMatchObject({ recording: "stored", transcriptReady: true });
  });

  it("records nothing of a meeting that belongs to no consult", async () => {
    const meetingId = randomUUID();
    const started = {
      version: "0",
      id: randomUUID(),
      "detail-type": "Chime Meeting State Change",
      source: "aws.chime",
      account: "000000000000",
      time: new Date(now()).toISOString().replace(/\.\d{3}Z$/, "Z"),
      region: "eu-central-1",
      resources: [],
      detail: {
        version: "0",
        eventType: "chime:MeetingStarted",
        timestamp: now(),
        meetingId,
        externalMeetingId: "made-by-hand",
        mediaRegion: "eu-west-1",
      },
    };
    pipeline.deliver(started, { at: "now" });
    await pipeline.drain();
    expect(await runOf(started.id)).toMatchObject({ status: "succeeded", note: "not recorded: no-consult" });
  });
});
