import { SQSClient } from "@aws-sdk/client-sqs";
import { type ChatStore, createChatStore } from "@medpipe/core/messaging";
import { sinkClient } from "@medpipe/core/sink";
import { readBoundSecrets } from "./secrets.js";

/** The secrets the Messaging stack binds to the chat consumer. */
export const CHAT_SECRETS = ["SUPABASE_URL", "SUPABASE_SERVICE_ROLE_KEY"] as const;

/** The variable naming the chat failure queue (the event source mapping's on-failure destination). */
export const CHAT_FAILURES_QUEUE_VARIABLE = "CHAT_FAILURES_QUEUE_URL";

let chat: Promise<ChatStore> | undefined;
let sqs: SQSClient | undefined;

/** The `chat` table through Supabase with the service-role key, built once per container. */
export function chatStore(): Promise<ChatStore> {
  chat ??= readBoundSecrets(CHAT_SECRETS).then((secrets) =>
    createChatStore(
      sinkClient({ url: secrets.SUPABASE_URL, serviceRoleKey: secrets.SUPABASE_SERVICE_ROLE_KEY }),
    ),
  );
  chat.catch(() => {
    chat = undefined;
  });
  return chat;
}

/** The failure queue's client and URL. */
export function chatFailures(): { sqs: SQSClient; queueUrl: string } {
  const queueUrl = process.env[CHAT_FAILURES_QUEUE_VARIABLE];
  if (!queueUrl) throw new Error(`function environment: ${CHAT_FAILURES_QUEUE_VARIABLE} missing`);
  sqs ??= new SQSClient({ region: process.env.AWS_REGION });
  return { sqs, queueUrl };
}
