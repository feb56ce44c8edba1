import type { EventPattern } from "@medpipe/core/events";
import type * as events from "aws-cdk-lib/aws-events";

/** A core rule pattern as CDK takes it: CDK spells `detail-type` as `detailType`, the rest passes through. */
export function cdkPattern(pattern: EventPattern): events.EventPattern {
  const { "detail-type": detailType, ...rest } = pattern as Record<string, unknown>;
  return { ...rest, ...(detailType ? { detailType } : {}) } as events.EventPattern;
}
