import * as z from "zod";
import type { SinkClient } from "../sink/sink-client.js";
import { SinkError } from "../sink/sink-error.js";
import { chatRpcs } from "../sink/tables.js";
import { PoisonRecordError } from "./errors.js";
import type { ChatRow } from "./streaming-record.js";

const applied = z.object({ applied: z.boolean() });

/** PostgreSQL's foreign key violation: the row's consult is not in Supabase. */
const FOREIGN_KEY_VIOLATION = "23503";

/** The `chat` table, written only through `apply_chat_message` with the service role. */
export interface ChatStore {
  /**
   * Writes the row unless the table holds the message at a later update (or as deleted or redacted at the same
   * time): the same record twice, or records out of order, leave the same row. Returns whether it changed it.
   */
  applyChatMessage(row: ChatRow): Promise<boolean>;
}

/**
 * The {@link ChatStore} over Supabase. A message of a consult Supabase does not hold is a
 * {@link PoisonRecordError} (`consult-not-found`); other failures are {@link SinkError}s, which a retry may fix.
 *
 * @example
 * const chat = createChatStore(sinkClient({ url, serviceRoleKey }));
 */
export function createChatStore(client: SinkClient): ChatStore {
  return {
    async applyChatMessage(row) {
      const answer = await client.rpc(chatRpcs.applyChatMessage, { payload: row });
      if (answer.error?.code === FOREIGN_KEY_VIOLATION) {
        throw new PoisonRecordError("consult-not-found", row.messageId);
      }
      if (answer.error) {
        throw new SinkError(chatRpcs.applyChatMessage, null, answer.error.code || null, answer.status);
      }
      return applied.parse(answer.data).applied;
    },
  };
}
