import { randomUUID } from "node:crypto";
import { appendFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createConsultStore } from "@medpipe/core/consult";
import { consultChannelArn, messagingNames } from "@medpipe/core/messaging";
import { sinkClient } from "@medpipe/core/sink";
import { startEmbeddedSupabase } from "@medpipe/core/sink/embedded";
import { beforeAll, describe, expect, it } from "vitest";
import { LOCAL_STAGE, openLocalRun } from "../local/run.js";
import type { OpsReporter } from "./backend.js";
import { localBackend } from "./local.js";
import { RUN_FILES } from "./run-files.js";

const reporter: OpsReporter = {
  progress: () => undefined,
  note: () => undefined,
  onInterrupt: () => undefined,
};
const CANARY = "Quillfeather";
let out: string;
const consultId = randomUUID();
const patient = randomUUID();

/** A channel message record of a consult, as Chime's data streaming writes it. */
function created(appInstanceArn: string) {
  return {
    EventType: "CREATE_CHANNEL_MESSAGE",
    Payload: {
      ChannelArn: consultChannelArn(appInstanceArn, consultId),
      MessageId: "m-early",
      Content: `${CANARY} asks about the dose`,
      Type: "STANDARD",
      CreatedTimestamp: "2026-03-10T09:05:00.000Z",
      LastUpdatedTimestamp: "2026-03-10T09:05:00.000Z",
      Sender: { Arn: `${appInstanceArn}/user/${patient}`, Name: patient },
      Redacted: false,
      Persistence: "PERSISTENT",
    },
  };
}

async function withStore<T>(
  work: (store: ReturnType<typeof createConsultStore>, url: string, key: string) => Promise<T>,
) {
  const supabase = await startEmbeddedSupabase({ dataDir: join(out, RUN_FILES.supabase) });
  try {
    const client = sinkClient({ url: supabase.url, serviceRoleKey: supabase.serviceRoleKey });
    return await work(createConsultStore(client), supabase.url, supabase.serviceRoleKey);
  } finally {
    await supabase.stop();
  }
}

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), "medpipe-chat-ops-"));
  await appendFile(join(out, RUN_FILES.executions), "");
  const run = await openLocalRun({ out, transcript: () => Buffer.from("{}"), start: new Date() });
  try {
    const { kinesis, chime } = run.pipeline.messaging;
    const appInstanceArn = chime.appInstances()[0]?.arn ?? "";
    const stream = messagingNames(LOCAL_STAGE).stream;
    await run.pipeline.run(async () => {
      kinesis.put(
        stream,
        consultChannelArn(appInstanceArn, consultId),
        Buffer.from(JSON.stringify(created(appInstanceArn))),
      );
      kinesis.put(stream, "not-a-channel", Buffer.from(`{"EventType": ${CANARY}`));
    });
  } finally {
    await run.close();
  }
}, 120_000);

describe("chat records the consumer could not apply, in a local run", () => {
  it("are listed by medpipe failures with their reason and place in the stream, never their content", async () => {
    const rows = await localBackend({ out }).failures(new Date(0), reporter);
    const chat = rows.filter((row) => row.source === "chat-letter");
    expect(chat.map((row) => [row.workflow, row.step, row.error, row.eventId]).sort()).toEqual([
      ["chat", "apply-chat-messages", "consult-not-found", "m-early"],
      ["chat", "apply-chat-messages", "unreadable-record", null],
    ]);
    for (const row of chat) expect(row.idempotencyKey).toMatch(/^shardId-\d{12}\/\d+$/);
    expect(JSON.stringify(rows)).not.toContain(CANARY);
  });

  it("are re-applied by medpipe replay-chat once the cause is fixed, and the one still unreadable stays listed", async () => {
    await withStore((store) =>
      store.scheduleConsult({
        consultId,
        startsAt: "2026-03-10T09:00:00.000Z",
        endsAt: "2026-03-10T10:00:00.000Z",
        participants: [
          { userId: randomUUID(), role: "clinician" },
          { userId: patient, role: "patient" },
        ],
      }),
    );
    const backend = localBackend({ out });
    expect(await backend.replayChat(new Date(0), reporter)).toEqual({
      letters: 2,
      reapplied: 1,
      stillFailing: 1,
      expired: 0,
    });
    const rows = (await backend.failures(new Date(0), reporter)).filter(
      (row) => row.source === "chat-letter",
    );
    expect(rows.map((row) => row.error)).toEqual(["unreadable-record"]);
    const chat = await withStore(async (_store, url, key) => {
      const answer = await fetch(`${url}/rest/v1/chat?select=message_id,content`, {
        headers: { apikey: key, authorization: `Bearer ${key}` },
      });
      return answer.json();
    });
    expect(chat).toEqual([{ message_id: "m-early", content: `${CANARY} asks about the dose` }]);
  });
});
