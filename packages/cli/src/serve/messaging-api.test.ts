import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  ChimeSDKMessagingClient,
  DeleteChannelMessageCommand,
  ForbiddenException,
  SendChannelMessageCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { type ConsultStore, createConsultStore, type ParticipantRole } from "@medpipe/core/consult";
import { appInstanceUserArn, chatLetter, consultChannelArn, SERVICE_USER_ID } from "@medpipe/core/messaging";
import { sinkClient } from "@medpipe/core/sink";
import { linesLoggedDuring } from "@medpipe/testing/logs";
import { type Rig, startRig } from "@medpipe/testing/rig";
import { createClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CHAT_LETTERS_FILE, type QueuedMessage } from "../local/messaging.js";
import type { LocalPipeline } from "../local/pipeline.js";
import { type LocalApi, startLocalApi } from "./local-api.js";

/**
 * The consult chat as the local stage serves it: the messaging routes' functions from the Api stack, the Chime SDK
 * messaging stand-in streaming into the Messaging stack's Kinesis stream, and the stack's consumer applying each
 * record to Supabase `chat` through its event source mapping, on the virtual clock.
 */
const CANARY = "Quillfeather";
let rig: Rig;
let pipeline: LocalPipeline;
let api: LocalApi;
let store: ConsultStore;
const tokens = new Map<string, string>();
const users: Record<ParticipantRole | "stranger", string> = {
  clinician: randomUUID(),
  patient: randomUUID(),
  interpreter: randomUUID(),
  observer: randomUUID(),
  stranger: randomUUID(),
};
const outage = { down: (_attempt: number) => false, attempts: 0 };
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  if (String(input instanceof Request ? input.url : input).endsWith("/rpc/apply_chat_message")) {
    if (outage.down(++outage.attempts)) throw new TypeError("fetch failed");
  }
  return realFetch(input, init);
};

beforeAll(async () => {
  rig = await startRig();
  pipeline = await rig.pipeline({ transcript: {}, start: new Date() });
  store = createConsultStore(
    sinkClient({ url: rig.supabase.url, serviceRoleKey: rig.supabase.serviceRoleKey }),
  );
  for (const user of Object.values(users)) tokens.set(user, await rig.supabase.mintAccessToken(user));
  api = await startLocalApi({
    port: 0,
    routes: pipeline.apiRoutes,
    invoke: (route, event) => pipeline.invokeRoute(route, event),
  });
});
afterAll(async () => {
  globalThis.fetch = realFetch;
  await api?.stop();
  await rig?.stop();
});
beforeEach(() => {
  outage.down = () => false;
  outage.attempts = 0;
});

const now = () => (pipeline.clock as NonNullable<LocalPipeline["clock"]>).now().getTime();
const appInstanceArn = () => pipeline.messaging.chime.appInstances()[0]?.arn ?? "";

async function scheduled(): Promise<string> {
  const consultId = randomUUID();
  await store.scheduleConsult({
    consultId,
    startsAt: new Date(now() - 600_000).toISOString(),
    endsAt: new Date(now() + 3_600_000).toISOString(),
    participants: (["clinician", "patient", "interpreter", "observer"] as const).map((role) => ({
      userId: users[role],
      role,
    })),
  });
  return consultId;
}

async function call(method: string, path: string, user?: string, body?: unknown) {
  return pipeline.run(async () => {
    const answer = await fetch(`${api.url}${path}`, {
      method,
      headers: {
        ...(user ? { authorization: `Bearer ${tokens.get(user)}` } : {}),
        "content-type": "application/json",
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
  });
}
const post = (consultId: string, user: string, body: unknown) =>
  call("POST", `/consults/${consultId}/messages`, user, body);

/** The consult's chat as a user reads it through PostgREST with their own token. */
async function chatAs(user: string | null, consultId: string) {
  const client = createClient(rig.supabase.url, rig.supabase.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    global: { headers: user ? { Authorization: `Bearer ${tokens.get(user)}` } : {} },
  });
  const { data } = await client
    .from("chat")
    .select("message_id, sender_id, content, redacted, deleted")
    .eq("consult_id", consultId)
    .order("created_at");
  return data ?? [];
}

/** What the chat failure queue holds, as the run keeps it. */
async function letters(of: LocalPipeline = pipeline): Promise<QueuedMessage[]> {
  const text = await readFile(join(of.outDir, CHAT_LETTERS_FILE), "utf8").catch(() => "");
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as QueuedMessage);
}

describe("provisioning", () => {
  it("deploys the stage's AppInstance with its admin, seven-year retention and streaming into the chime-messaging stream", () => {
    const [instance] = pipeline.messaging.chime.appInstances();
    expect(instance?.name).toBe("local-medpipe");
    expect(instance?.admins).toEqual(new Set([appInstanceUserArn(instance?.arn ?? "", SERVICE_USER_ID)]));
    expect(instance?.retentionDays).toBe(2557);
    expect(instance?.streaming.map((s) => [s.DataType, s.ResourceArn?.split("/").at(-1)])).toEqual([
      ["ChannelMessage", "chime-messaging-local-medpipe"],
      ["Channel", "chime-messaging-local-medpipe"],
    ]);
  });
});

describe("POST /consults/{consultId}/messages", () => {
  it("keeps a message posted by each role once in chat, read back by participants with their own token", async () => {
    const consultId = await scheduled();
    const sent: string[] = [];
    for (const role of ["clinician", "patient", "interpreter", "observer"] as const) {
      const answer = await post(consultId, users[role], { content: `${role} says hello` });
      expect(answer.status, role).toBe(201);
      sent.push(String(answer.body.messageId));
    }
    const expected = (["clinician", "patient", "interpreter", "observer"] as const).map((role, i) => ({
      message_id: sent[i],
      sender_id: users[role],
      content: `${role} says hello`,
      redacted: false,
      deleted: false,
    }));
    expect(await chatAs(users.patient, consultId)).toEqual(expected);
    expect(await chatAs(users.observer, consultId)).toEqual(expected);
  });

  it("sends a request retried with the same clientRequestToken once", async () => {
    const consultId = await scheduled();
    const body = { content: "Is it safe to drive?", clientRequestToken: "tap-1" };
    const first = await post(consultId, users.patient, body);
    const again = await post(consultId, users.patient, body);
    expect(again.body.messageId).toBe(first.body.messageId);
    expect(await chatAs(users.patient, consultId)).toHaveLength(1);
  });

  it("answers 400 naming body.content for an empty or too long message, before calling Chime", async () => {
    const consultId = await scheduled();
    for (const content of ["", "€".repeat(1366)]) {
      const answer = await post(consultId, users.patient, { content });
      expect(answer).toEqual({
        status: 400,
        body: { error: { code: "invalid-request", message: expect.stringMatching(/^body\.content: /) } },
      });
    }
    expect((await post(consultId, users.patient, { content: "€".repeat(1365) })).status).toBe(201);
  });

  it("lets a stranger post nothing and read nothing, and answers 401 and 404 as the consult API does", async () => {
    const consultId = await scheduled();
    await post(consultId, users.clinician, { content: "Welcome" });
    expect((await post(consultId, users.stranger, { content: "hi" })).body).toMatchObject({
      error: { code: "not-a-participant" },
    });
    expect((await post(consultId, users.stranger, { content: "hi" })).status).toBe(403);
    expect(await chatAs(users.stranger, consultId)).toEqual([]);
    expect(await chatAs(null, consultId)).toEqual([]);
    expect((await post(consultId, undefined as unknown as string, { content: "hi" })).status).toBe(401);
    expect((await post(randomUUID(), users.patient, { content: "hi" })).body).toMatchObject({
      error: { code: "consult-not-found" },
    });
  });

  it("is refused by Chime itself for a user who is no member of the channel", async () => {
    const consultId = await scheduled();
    await post(consultId, users.patient, { content: "first" });
    const chime = new ChimeSDKMessagingClient({ region: "eu-central-1" });
    const strangerArn = appInstanceUserArn(appInstanceArn(), users.stranger);
    await expect(
      chime.send(
        new SendChannelMessageCommand({
          ChannelArn: consultChannelArn(appInstanceArn(), consultId),
          Content: "let me in",
          Type: "STANDARD",
          Persistence: "PERSISTENT",
          ClientRequestToken: "stranger-1",
          ChimeBearer: strangerArn,
        }),
      ),
    ).rejects.toBeInstanceOf(ForbiddenException);
  });
});

describe("DELETE /consults/{consultId}/messages/{messageId}", () => {
  it("redacts for the sender or a clinician, and chat keeps the message without its content", async () => {
    const consultId = await scheduled();
    const mine = String(
      (await post(consultId, users.patient, { content: "my address is 4 Elm St" })).body.messageId,
    );
    const theirs = String((await post(consultId, users.clinician, { content: "take 5 mg" })).body.messageId);
    const path = (id: string) => `/consults/${consultId}/messages/${id}`;
    expect((await call("DELETE", path(theirs), users.patient)).body).toMatchObject({
      error: { code: "wrong-role" },
    });
    expect(await call("DELETE", path(mine), users.patient)).toEqual({
      status: 200,
      body: { messageId: mine, redacted: true },
    });
    expect((await call("DELETE", path(mine), users.patient)).status).toBe(200);
    expect((await call("DELETE", path(theirs), users.clinician)).status).toBe(200);
    expect((await call("DELETE", path("no-such-message"), users.clinician)).body).toMatchObject({
      error: { code: "message-not-found" },
    });
    expect(await chatAs(users.patient, consultId)).toEqual([
      expect.objectContaining({ message_id: mine, content: null, redacted: true }),
      expect.objectContaining({ message_id: theirs, content: null, redacted: true }),
    ]);
  });

  it("lets a deletion by the AppInstance's admin reach chat", async () => {
    const consultId = await scheduled();
    const id = String((await post(consultId, users.patient, { content: "wrong patient" })).body.messageId);
    await pipeline.run(() =>
      new ChimeSDKMessagingClient({ region: "eu-central-1" }).send(
        new DeleteChannelMessageCommand({
          ChannelArn: consultChannelArn(appInstanceArn(), consultId),
          MessageId: id,
          ChimeBearer: appInstanceUserArn(appInstanceArn(), SERVICE_USER_ID),
        }),
      ),
    );
    expect(await chatAs(users.patient, consultId)).toEqual([
      expect.objectContaining({ message_id: id, content: null, deleted: true }),
    ]);
  });
});

describe("the stream's consumer", () => {
  const channelRecords = (consultId: string) => {
    const { kinesis } = pipeline.messaging;
    const stream = kinesis.stream("chime-messaging-local-medpipe");
    const channel = consultChannelArn(appInstanceArn(), consultId);
    return Array.from({ length: stream.shardCount }, (_, shard) => kinesis.records(stream, shard))
      .flat()
      .filter((record) => record.partitionKey === channel);
  };

  it("leaves the same rows when records come twice or out of order", async () => {
    const consultId = await scheduled();
    const id = String((await post(consultId, users.patient, { content: "a first draft" })).body.messageId);
    await call("DELETE", `/consults/${consultId}/messages/${id}`, users.patient);
    const before = await chatAs(users.patient, consultId);
    const [created, redacted] = channelRecords(consultId);
    await pipeline.run(async () => {
      for (const record of [redacted, created, created]) {
        pipeline.messaging.kinesis.put(
          "chime-messaging-local-medpipe",
          record?.partitionKey ?? "",
          record?.data ?? Buffer.from(""),
        );
      }
    });
    expect(await chatAs(users.patient, consultId)).toEqual(before);
  });

  it("sends a poison record to the failure queue with its reason, and applies the rest of its batch", async () => {
    const consultId = await scheduled();
    const channel = consultChannelArn(appInstanceArn(), consultId);
    const lettersBefore = (await letters()).length;
    await pipeline.run(async () => {
      pipeline.messaging.kinesis.put(
        "chime-messaging-local-medpipe",
        channel,
        Buffer.from(`{"EventType": ${CANARY}`),
      );
    });
    expect((await post(consultId, users.patient, { content: "after the bad one" })).status).toBe(201);
    expect(await chatAs(users.patient, consultId)).toEqual([
      expect.objectContaining({ content: "after the bad one" }),
    ]);
    const added = (await letters()).slice(lettersBefore);
    expect(added.map((letter) => chatLetter.parse(JSON.parse(letter.body)))).toEqual([
      expect.objectContaining({ kind: "poison", reason: "unreadable-record", messageId: null }),
    ]);
    expect(JSON.stringify(added)).not.toContain(CANARY);
  });

  it("retries a batch while Supabase is unreachable and loses nothing; past its retries, the batch goes to the failure queue", async () => {
    const consultId = await scheduled();
    outage.down = (attempt) => attempt <= 2;
    expect((await post(consultId, users.patient, { content: "retried" })).status).toBe(201);
    expect(await chatAs(users.patient, consultId)).toEqual([expect.objectContaining({ content: "retried" })]);
    expect(outage.attempts).toBe(3);

    const lettersBefore = (await letters()).length;
    outage.down = () => true;
    await post(consultId, users.patient, { content: "lost for now" });
    outage.down = () => false;
    const [letter] = (await letters()).slice(lettersBefore).map((l) => chatLetter.parse(JSON.parse(l.body)));
    expect(letter).toMatchObject({
      kind: "batch",
      requestContext: { condition: "RetryAttemptsExhausted", approximateInvokeCount: 6 },
    });
    expect(await chatAs(users.patient, consultId)).toHaveLength(1);
  });

  it("never writes a message's content to a log line or the failure queue, even at DEBUG", async () => {
    const consultId = await scheduled();
    let debugLetters: QueuedMessage[] = [];
    const lines = await linesLoggedDuring(async () => {
      const debug = await rig.pipeline({ transcript: {}, start: new Date(), logLevel: "DEBUG" });
      const debugApi = await startLocalApi({
        port: 0,
        routes: debug.apiRoutes,
        invoke: (route, event) => debug.invokeRoute(route, event),
      });
      try {
        outage.down = (attempt) => attempt === 1;
        await debug.run(() =>
          fetch(`${debugApi.url}/consults/${consultId}/messages`, {
            method: "POST",
            headers: {
              authorization: `Bearer ${tokens.get(users.patient)}`,
              "content-type": "application/json",
            },
            body: JSON.stringify({ content: `Mrs ${CANARY} has chest pain` }),
          }),
        );
      } finally {
        await debugApi.stop();
      }
      debugLetters = await letters(debug);
    });
    expect(JSON.stringify(await chatAs(users.patient, consultId))).toContain(CANARY);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => line.includes(CANARY))).toEqual([]);
    expect(JSON.stringify(debugLetters)).not.toContain(CANARY);
  });
});
