import * as z from "zod";
import type { PoisonReason } from "./errors.js";

/**
 * What the chat consumer's failure queue holds, without a word of any message: a record the consumer found it can
 * never apply (`reason`), or Lambda's own record of a batch it gave up retrying (`condition`), each naming where
 * the records are in the stream, so that `medpipe replay-chat` can read them again and re-apply them.
 */
export const chatLetter = z.union([
  z.object({
    kind: z.literal("poison"),
    reason: z.enum(["unreadable-record", "not-a-consult-channel", "consult-not-found"]),
    messageId: z.string().nullable(),
    eventType: z.string().nullable(),
    streamArn: z.string(),
    shardId: z.string(),
    sequenceNumber: z.string(),
    arrivedAt: z.string(),
  }),
  // Lambda's invocation record for a stream event source (Lambda developer guide, on-failure destinations).
  z
    .looseObject({
      requestContext: z.looseObject({ condition: z.string(), approximateInvokeCount: z.number().optional() }),
      responseContext: z.looseObject({ functionError: z.string().nullish() }).optional(),
      timestamp: z.string(),
      KinesisBatchInfo: z.looseObject({
        shardId: z.string(),
        startSequenceNumber: z.string(),
        endSequenceNumber: z.string(),
        batchSize: z.number(),
        streamArn: z.string(),
      }),
    })
    .transform((record) => ({ kind: "batch" as const, ...record })),
]);
export type ChatLetter = z.output<typeof chatLetter>;
export type PoisonLetter = Extract<ChatLetter, { kind: "poison" }>;

/**
 * The failure-queue body of a poison record: its reason and where it is, nothing of it.
 *
 * @example
 * await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify(poisonLetter(...)) }));
 */
export function poisonLetter(
  reason: PoisonReason,
  record: { messageId: string | null; eventType: string | null },
  where: { streamArn: string; shardId: string; sequenceNumber: string; arrivedAt: string },
): PoisonLetter {
  return { kind: "poison", reason, ...record, ...where };
}

/** The stream positions a letter names: one record, or a batch's first and last. */
export function positionsOf(letter: ChatLetter): {
  streamArn: string;
  shardId: string;
  first: string;
  last: string;
} {
  return letter.kind === "poison"
    ? {
        streamArn: letter.streamArn,
        shardId: letter.shardId,
        first: letter.sequenceNumber,
        last: letter.sequenceNumber,
      }
    : {
        streamArn: letter.KinesisBatchInfo.streamArn,
        shardId: letter.KinesisBatchInfo.shardId,
        first: letter.KinesisBatchInfo.startSequenceNumber,
        last: letter.KinesisBatchInfo.endSequenceNumber,
      };
}
