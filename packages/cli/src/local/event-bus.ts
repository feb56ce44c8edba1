import type { EventPattern } from "@medpipe/core/events";
import type { LocalResources } from "./resources.js";

/** A target of a rule: a state machine to start or a function to invoke, and its dead-letter queue. */
export interface LocalTarget {
  arn: string;
  kind: "state-machine" | "lambda";
  /** The queue (by name) undeliverable events go to. */
  deadLetterQueue: string | null;
}

/** A rule of the default bus, as its template defines it. */
export interface LocalRule {
  name: string;
  pattern: EventPattern;
  targets: LocalTarget[];
}

/** A rule that runs on a schedule rather than on events. */
export interface LocalSchedule {
  name: string;
  expression: string;
  targets: LocalTarget[];
}

/**
 * The default bus's rules in the stacks: their event patterns as synthesized and their targets.
 *
 * @example
 * for (const rule of localRules(resources)) if (matches(rule.pattern, event)) deliver(rule.targets, event);
 */
export function localRules(resources: LocalResources): LocalRule[] {
  return rulesOf(resources).flatMap((rule) =>
    rule.properties.EventPattern
      ? [
          {
            name: rule.name,
            pattern: resources.resolve(rule.properties.EventPattern, rule.stack) as EventPattern,
            targets: targetsOf(resources, rule.properties.Targets, rule.stack),
          },
        ]
      : [],
  );
}

/** The stacks' scheduled rules. */
export function localSchedules(resources: LocalResources): LocalSchedule[] {
  return rulesOf(resources).flatMap((rule) =>
    typeof rule.properties.ScheduleExpression === "string"
      ? [
          {
            name: rule.name,
            expression: rule.properties.ScheduleExpression,
            targets: targetsOf(resources, rule.properties.Targets, rule.stack),
          },
        ]
      : [],
  );
}

/** The event patterns of the default bus's archives. */
export function localArchivePatterns(resources: LocalResources): EventPattern[] {
  return resources
    .ofType("AWS::Events::Archive")
    .map((archive) => resources.resolve(archive.properties.EventPattern, archive.stack) as EventPattern);
}

function rulesOf(resources: LocalResources) {
  return resources.ofType("AWS::Events::Rule").filter((rule) => {
    const bus = rule.properties.EventBusName;
    return bus === undefined || resources.resolve(bus, rule.stack) === "default";
  });
}

function targetsOf(resources: LocalResources, targets: unknown, stack: string): LocalTarget[] {
  return ((targets as Record<string, unknown>[] | undefined) ?? []).flatMap((target) => {
    const arn = resources.resolveString(target.Arn, stack);
    const kind = arn.includes(":states:") ? "state-machine" : arn.includes(":lambda:") ? "lambda" : null;
    if (!kind) return [];
    const deadLetter = (target.DeadLetterConfig as { Arn?: unknown } | undefined)?.Arn;
    return [
      {
        arn,
        kind,
        deadLetterQueue: deadLetter
          ? (resources.resolveString(deadLetter, stack).split(":").at(-1) ?? null)
          : null,
      },
    ];
  });
}
