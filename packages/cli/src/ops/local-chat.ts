import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  chatLetter,
  kinesisEventOf,
  messagingNames,
  type PartialBatchResponse,
  positionsOf,
} from "@medpipe/core/messaging";
import { chatLetterFailure, type Failure } from "@medpipe/core/replay";
import { CHAT_LETTERS_FILE, type QueuedMessage } from "../local/messaging.js";
import type { LocalRun } from "../local/run.js";
import type { ChatReplayReport, OpsReporter } from "./backend.js";

/** The run's chat failure queue, as `chat-letters.jsonl` keeps it. */
export async function readChatLetters(out: string): Promise<QueuedMessage[]> {
  const text = await readFile(join(out, CHAT_LETTERS_FILE), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return "";
    throw error;
  });
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as QueuedMessage);
}

/**
 * The run's chat letters since a time, as failures.
 *
 * @example
 * const rows = await localChatFailures(".medpipe/stage", since);
 */
export async function localChatFailures(out: string, since: Date): Promise<Failure[]> {
  return (await readChatLetters(out)).flatMap((message) => {
    const letter = chatLetter.safeParse(JSON.parse(message.body));
    return letter.success && Date.parse(message.sentAt) >= since.getTime()
      ? [chatLetterFailure(message.sentAt, letter.data)]
      : [];
  });
}

/**
 * Re-applies the records of the run's chat letters since a time through the reopened run's chat consumer, reading
 * them from its stream (`kinesis-records.jsonl`) as `medpipe replay-chat` does in AWS; the letters of records it
 * applied are removed, those it refused again are replaced by the consumer's new letter.
 *
 * @example
 * await withRun(out, (run) => replayLocalChat(run, out, since, reporter));
 */
export async function replayLocalChat(
  run: LocalRun,
  out: string,
  stage: string,
  since: Date,
  reporter: OpsReporter,
): Promise<ChatReplayReport> {
  const { pipeline } = run;
  const report: ChatReplayReport = { letters: 0, reapplied: 0, stillFailing: 0, expired: 0 };
  const all = await readChatLetters(out);
  const chosen = all.filter((message) => Date.parse(message.sentAt) >= since.getTime());
  const settled = new Set<QueuedMessage>();
  report.letters = chosen.length;
  if (chosen.length === 0) return report;
  const consumer = pipeline.lambda.function(messagingNames(stage).consumer);
  for (const [index, message] of chosen.entries()) {
    const letter = chatLetter.safeParse(JSON.parse(message.body));
    const positions = letter.success ? positionsOf(letter.data) : null;
    const stream = positions ? pipeline.messaging.kinesis.stream(positions.streamArn) : null;
    const shard = Number(positions?.shardId.split("-").at(-1));
    const records =
      positions && stream
        ? pipeline.messaging.kinesis
            .records(stream, shard)
            .filter(
              (record) =>
                BigInt(record.sequenceNumber) >= BigInt(positions.first) &&
                BigInt(record.sequenceNumber) <= BigInt(positions.last),
            )
        : [];
    if (!positions || records.length === 0) {
      report.expired++;
    } else {
      const before = (await readChatLetters(out)).length;
      const answer = (await pipeline.run(() =>
        pipeline.lambda.invoke(
          consumer.arn,
          kinesisEventOf(records, {
            streamArn: positions.streamArn,
            shardId: positions.shardId,
            region: pipeline.resources.region,
            roleArn: "",
          }),
        ),
      )) as PartialBatchResponse | null;
      const refusedAgain = (await readChatLetters(out)).length > before;
      if ((answer?.batchItemFailures?.length ?? 0) > 0) report.stillFailing++;
      else {
        if (refusedAgain) report.stillFailing++;
        else report.reapplied++;
        settled.add(message);
      }
    }
    reporter.progress("letters", index + 1, chosen.length);
  }
  const isSettled = (message: QueuedMessage) =>
    [...settled].some((done) => done.body === message.body && done.sentAt === message.sentAt);
  const kept = (await readChatLetters(out)).filter((message) => !isSettled(message));
  await writeFile(
    join(out, CHAT_LETTERS_FILE),
    kept.map((message) => `${JSON.stringify(message)}\n`).join(""),
  );
  return report;
}
