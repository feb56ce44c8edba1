import { createHash, randomUUID } from "node:crypto";
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { AwsClientStub } from "aws-sdk-client-mock";
import { standIn } from "./stand-in.js";

/** SQS's largest message body: 256 KiB (SQS developer guide, quotas). */
const MAX_BODY_BYTES = 262_144;

/**
 * SendMessage for the local rig: each message to a queue the stacks define is handed to `deliver` (the run's
 * file of that queue); a queue the stacks do not define does not exist, as SQS answers.
 *
 * @example
 * installLocalSqs(mockClient(SQSClient), { queues: ["local-medpipe-chat-dlq"], deliver });
 */
export function installLocalSqs(
  mock: AwsClientStub<SQSClient>,
  options: { queues: string[]; deliver: (queue: string, body: string) => Promise<void> },
): void {
  standIn(
    mock as unknown as Parameters<typeof standIn>[0],
    SendMessageCommand,
    async (input: { QueueUrl?: string; MessageBody?: string }) => {
      const queue = (input.QueueUrl ?? "").split("/").at(-1) ?? "";
      if (!options.queues.includes(queue)) {
        throw Object.assign(new Error("The specified queue does not exist."), {
          name: "QueueDoesNotExist",
          $metadata: { httpStatusCode: 400 },
        });
      }
      const body = input.MessageBody ?? "";
      if (body.length === 0 || Buffer.byteLength(body) > MAX_BODY_BYTES) {
        throw Object.assign(new Error("The message body must be 1 byte to 256 KiB."), {
          name: "InvalidParameterValue",
          $metadata: { httpStatusCode: 400 },
        });
      }
      await options.deliver(queue, body);
      return { MessageId: randomUUID(), MD5OfMessageBody: createHash("md5").update(body).digest("hex") };
    },
  );
}
