import { randomUUID } from "node:crypto";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsultStore, createConsultStore } from "../consult/consult-store.js";
import { readSchedule } from "../consult/schedule.js";
import { sweepRetention } from "../retention/sweeper.js";
import type { EmbeddedSupabase } from "../sink/embedded/embedded-supabase.js";
import { startTestSupabase } from "../sink/embedded/test-tier.js";
import { sinkClient } from "../sink/sink-client.js";
import { createSupabaseSink } from "../sink/supabase-sink.js";
import { chatRpcs, chatTables } from "../sink/tables.js";
import { type ChatStore, createChatStore } from "./chat-store.js";
import { PoisonRecordError } from "./errors.js";
import { consultChannelArn } from "./identities.js";
import { type ChatRow, chatRowOf } from "./streaming-record.js";

const APP_INSTANCE =
  "arn:aws:chime:eu-central-1:000000000000:app-instance/0b9f4f63-5c37-4d4b-9a6e-0f6e8f8e2c11";
let supabase: EmbeddedSupabase;
let chat: ChatStore;
let consults: ConsultStore;
const clinician = randomUUID();
const patient = randomUUID();
const stranger = randomUUID();
const tokens = new Map<string, string>();

function app(user?: string): SupabaseClient {
  return createClient(supabase.url, supabase.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    global: { headers: user ? { Authorization: `Bearer ${tokens.get(user)}` } : {} },
  });
}

async function consult(startsAt = "2026-03-10T09:00:00Z"): Promise<string> {
  const consultId = randomUUID();
  await consults.scheduleConsult(
    readSchedule({
      consultId,
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + 3_600_000).toISOString(),
      participants: [
        { userId: clinician, role: "clinician" },
        { userId: patient, role: "patient" },
      ],
    }),
  );
  return consultId;
}

/** A streaming record of a channel message, as Chime's data streaming writes it. */
function record(
  eventType: string,
  consultId: string,
  messageId: string,
  at: { created: string; updated?: string },
  content = "The rash started on Tuesday.",
) {
  return {
    EventType: eventType,
    Payload: {
      ChannelArn: consultChannelArn(APP_INSTANCE, consultId),
      MessageId: messageId,
      Content: eventType === "REDACT_CHANNEL_MESSAGE" ? "" : content,
      Metadata: "",
      Type: "STANDARD",
      CreatedTimestamp: at.created,
      LastUpdatedTimestamp: at.updated ?? at.created,
      Sender: { Arn: `${APP_INSTANCE}/user/${patient}`, Name: patient },
      Redacted: eventType === "REDACT_CHANNEL_MESSAGE",
      Persistence: "PERSISTENT",
    },
  };
}

const apply = (value: unknown) => chat.applyChatMessage(chatRowOf(value) as ChatRow);

async function rowsOf(consultId: string) {
  const { data } = await app(patient)
    .from(chatTables.chat)
    .select("message_id, content, redacted, deleted, updated_at, sender_id")
    .eq("consult_id", consultId);
  return data;
}

beforeAll(async () => {
  supabase = await startTestSupabase();
  const client = sinkClient({ url: supabase.url, serviceRoleKey: supabase.serviceRoleKey });
  chat = createChatStore(client);
  consults = createConsultStore(client);
  for (const user of [clinician, patient, stranger]) tokens.set(user, await supabase.mintAccessToken(user));
});
afterAll(() => supabase?.stop());

describe("applying the stream's channel message records to chat", () => {
  it("keeps a message once, with its sender, however often its record is delivered", async () => {
    const consultId = await consult();
    const created = record("CREATE_CHANNEL_MESSAGE", consultId, "m-1", { created: "2026-03-10T09:05:00Z" });
    expect(await apply(created)).toBe(true);
    expect(await apply(created)).toBe(false);
    expect(await rowsOf(consultId)).toEqual([
      {
        message_id: "m-1",
        content: "The rash started on Tuesday.",
        redacted: false,
        deleted: false,
        updated_at: "2026-03-10T09:05:00+00:00",
        sender_id: patient,
      },
    ]);
  });

  it("never lets an older record overwrite a newer one, in whatever order they come", async () => {
    const consultId = await consult();
    const at = { created: "2026-03-10T09:05:00Z" };
    const created = record("CREATE_CHANNEL_MESSAGE", consultId, "m-2", at);
    const updated = record(
      "UPDATE_CHANNEL_MESSAGE",
      consultId,
      "m-2",
      { ...at, updated: "2026-03-10T09:06:00Z" },
      "It started on Monday.",
    );
    const redacted = record("REDACT_CHANNEL_MESSAGE", consultId, "m-2", {
      ...at,
      updated: "2026-03-10T09:07:00Z",
    });
    for (const order of [
      [created, updated, redacted],
      [redacted, updated, created],
      [updated, redacted, created, updated],
    ]) {
      await supabase.reset();
      const again = await consult();
      const retarget = (r: typeof created) => ({
        ...r,
        Payload: { ...r.Payload, ChannelArn: consultChannelArn(APP_INSTANCE, again) },
      });
      for (const r of order) await apply(retarget(r));
      expect(await rowsOf(again)).toEqual([
        expect.objectContaining({
          message_id: "m-2",
          content: null,
          redacted: true,
          updated_at: "2026-03-10T09:07:00+00:00",
        }),
      ]);
    }
    await supabase.reset();
    const edited = await consult();
    const retargeted = (r: typeof created) => ({
      ...r,
      Payload: { ...r.Payload, ChannelArn: consultChannelArn(APP_INSTANCE, edited) },
    });
    await apply(retargeted(updated));
    await apply(retargeted(created));
    expect(await rowsOf(edited)).toEqual([expect.objectContaining({ content: "It started on Monday." })]);
  });

  it("keeps the fact of a deleted message and nothing of what it said, even when its timestamp did not move", async () => {
    const consultId = await consult();
    const at = { created: "2026-03-10T09:05:00Z" };
    await apply(record("CREATE_CHANNEL_MESSAGE", consultId, "m-3", at));
    expect(await apply(record("DELETE_CHANNEL_MESSAGE", consultId, "m-3", at))).toBe(true);
    await apply(record("CREATE_CHANNEL_MESSAGE", consultId, "m-3", at));
    expect(await rowsOf(consultId)).toEqual([
      expect.objectContaining({ message_id: "m-3", content: null, deleted: true }),
    ]);
  });

  it("calls a message of a consult Supabase does not hold a poison record, naming why and no content", async () => {
    const error = await apply(
      record("CREATE_CHANNEL_MESSAGE", randomUUID(), "m-4", { created: "2026-03-10T09:05:00Z" }),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PoisonRecordError);
    expect(error).toMatchObject({ reason: "consult-not-found", messageId: "m-4" });
    expect(String((error as Error).message)).not.toContain("rash");
  });
});

describe("who reads and writes chat", () => {
  it("lets the consult's participants read it, and nobody else; anon reads nothing", async () => {
    const consultId = await consult();
    await apply(record("CREATE_CHANNEL_MESSAGE", consultId, "m-5", { created: "2026-03-10T09:05:00Z" }));
    for (const user of [clinician, patient]) {
      const { data } = await app(user).from(chatTables.chat).select("message_id").eq("consult_id", consultId);
      expect(data, user).toEqual([{ message_id: "m-5" }]);
    }
    expect((await app(stranger).from(chatTables.chat).select("message_id")).data).toEqual([]);
    const anon = await app().from(chatTables.chat).select("message_id");
    expect(anon.data ?? []).toEqual([]);
  });

  it("lets nobody but the pipeline write it, not even a participant", async () => {
    const consultId = await consult();
    const row = chatRowOf(
      record("CREATE_CHANNEL_MESSAGE", consultId, "m-6", { created: "2026-03-10T09:05:00Z" }),
    );
    for (const client of [app(patient), app(clinician), app()]) {
      expect((await client.rpc(chatRpcs.applyChatMessage, { payload: row })).error).not.toBeNull();
      const inserted = await client.from(chatTables.chat).insert({
        message_id: "m-6",
        consult_id: consultId,
        channel_arn: "x",
        type: "STANDARD",
        created_at: "2026-03-10T09:05:00Z",
        updated_at: "2026-03-10T09:05:00Z",
      });
      expect(inserted.error).not.toBeNull();
    }
    expect(await rowsOf(consultId)).toEqual([]);
  });
});

describe("subscribing to chat", () => {
  it("is in Supabase's Realtime publication, so the app subscribes instead of polling", async () => {
    const admin = new pg.Client({ connectionString: supabase.databaseUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query(
        "select schemaname, tablename from pg_publication_tables where pubname = 'supabase_realtime'",
      );
      expect(rows).toContainEqual({ schemaname: "public", tablename: chatTables.chat });
    } finally {
      await admin.end();
    }
  });
});

describe("chat under retention", () => {
  it("goes with the seven-year sweep, and stays while a meeting of its consult is under legal hold", async () => {
    await supabase.reset();
    const sink = createSupabaseSink(
      sinkClient({ url: supabase.url, serviceRoleKey: supabase.serviceRoleKey }),
    );
    const swept = await consult("2019-01-10T09:00:00Z");
    const held = await consult("2019-01-10T09:00:00Z");
    const recent = await consult("2026-03-10T09:00:00Z");
    for (const [consultId, created] of [
      [swept, "2019-01-10T09:05:00Z"],
      [held, "2019-01-10T09:05:00Z"],
      [recent, "2026-03-10T09:05:00Z"],
    ] as const) {
      await apply(record("CREATE_CHANNEL_MESSAGE", consultId, `m-${consultId}`, { created }));
    }
    const meetingId = randomUUID();
    await consults.attachConsultMeeting(held, 0, meetingId);
    await sink.placeLegalHold(meetingId, "litigation 2031-044");
    const report = await sweepRetention({ sink, now: new Date("2026-06-01T00:00:00Z") });
    expect(report.chatMessages).toBe(1);
    expect(await rowsOf(swept)).toEqual([]);
    expect(await rowsOf(held)).toHaveLength(1);
    expect(await rowsOf(recent)).toHaveLength(1);
  });
});
