import { matches } from "./match.js";
import { type RuleOptions, type RulePattern, rulePatterns } from "./rules.js";
import type { PipelineEvent } from "./types.js";
import type { WorkflowName } from "./workflows.js";

/**
 * The rule EventBridge would deliver this event to, matched on the raw envelope against the deployed patterns;
 * `null` when the pipeline deliberately ignores it. The patterns are disjoint: at most one rule matches.
 *
 * @example
 * matchingRule(event, { recordingsBucket: "recordings" })?.name; // "ConcatenatedAudio"
 */
export function matchingRule(event: PipelineEvent, options: RuleOptions): RulePattern | null {
  return rulePatterns(options).find((rule) => matches(rule.pattern, event.raw)) ?? null;
}

/**
 * The workflow an event starts, or `null` when no rule consumes it; local routing is EventBridge routing.
 *
 * @example
 * route(parseEventOrThrow(input), { recordingsBucket }); // "meeting-lifecycle"
 */
export function route(event: PipelineEvent, options: RuleOptions): WorkflowName | null {
  return matchingRule(event, options)?.workflow ?? null;
}
