import { randomUUID } from "node:crypto";
import { type EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import type { AwsClientStub } from "aws-sdk-client-mock";
import { standIn } from "./stand-in.js";

export interface EmittedEvent {
  source: string;
  "detail-type": string;
  detail: Record<string, unknown>;
  resources?: string[];
  time?: string;
}

/** The local default bus's producer side: stand-ins emit events, the runner delivers them in order. */
export interface LocalEvents {
  emit(event: EmittedEvent): Promise<void>;
}

/** An EventBridge envelope as the bus delivers it: a fresh id, the time, the account and region. */
export function envelope(event: EmittedEvent, where: { account: string; region: string }) {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": event["detail-type"],
    source: event.source,
    account: where.account,
    time: event.time ?? new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    region: where.region,
    resources: event.resources ?? [],
    detail: event.detail,
  };
}

/** PutEvents onto the local bus (the closer's Meeting Timed Out events go this way). */
export function installLocalEventBridge(mock: AwsClientStub<EventBridgeClient>, events: LocalEvents) {
  standIn(mock, PutEventsCommand, async (input) => {
    for (const entry of input.Entries ?? []) {
      await events.emit({
        source: entry.Source ?? "",
        "detail-type": entry.DetailType ?? "",
        detail: JSON.parse(entry.Detail ?? "{}") as Record<string, unknown>,
        resources: entry.Resources,
        time: entry.Time ? new Date(entry.Time).toISOString() : undefined,
      });
    }
    return { FailedEntryCount: 0, Entries: (input.Entries ?? []).map(() => ({ EventId: randomUUID() })) };
  });
}
