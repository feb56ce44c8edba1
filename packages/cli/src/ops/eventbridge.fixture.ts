import {
  DescribeArchiveCommand,
  DescribeReplayCommand,
  DescribeRuleCommand,
  type EventBridgeClient,
  LimitExceededException,
  ListRuleNamesByTargetCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  StartReplayCommand,
} from "@aws-sdk/client-eventbridge";
import { matches, rulePatterns } from "@medpipe/core/events";
import { asReplayed } from "@medpipe/core/replay";
import type { AwsClientStub } from "aws-sdk-client-mock";
import type { StepFunctionsModel } from "./step-functions.fixture.js";

/**
 * Test scaffolding: EventBridge's archive and replays as a service model behind aws-sdk-client-mock, delivering
 * a replay's events to the Step Functions model as the stage's rules would. Used by tests only.
 *
 * What it keeps of EventBridge (API reference, quotas): at most 10 replays run at once in a region, StartReplay
 * answering LimitExceededException beyond; a replay name is used once (ResourceAlreadyExistsException) and is
 * 1 to 64 of `[.\-_A-Za-z0-9]`; a replay re-delivers the archived events whose `time` is in
 * [EventStartTime, EventEndTime), with `replay-name`, to the rules in FilterArns; DescribeReplay reports
 * STARTING, RUNNING (EventLastReplayedTime) and COMPLETED.
 */

interface Replay {
  state: "STARTING" | "RUNNING" | "COMPLETED" | "CANCELLED";
  from: Date;
  to: Date;
  filterArns: string[];
  looks: number;
}

export class EventBridgeModel {
  readonly replays = new Map<string, Replay>();
  /** The archived events, as the archive keeps them. */
  readonly archive: Record<string, unknown>[] = [];
  /** DescribeReplay answers RUNNING this many times before COMPLETED. */
  runningLooks = 1;

  constructor(
    private readonly options: {
      stage: string;
      region: string;
      account: string;
      sfn: StepFunctionsModel;
      recordingsBucket: string;
    },
  ) {}

  /** Replays of other stages or people, running in the same region. */
  running(count: number): this {
    for (let i = 0; i < count; i++) {
      this.replays.set(`other-${i}`, {
        state: "RUNNING",
        from: new Date(0),
        to: new Date(0),
        filterArns: [],
        looks: 0,
      });
    }
    return this;
  }

  ruleArn(rule: string): string {
    const { region, account, stage } = this.options;
    return `arn:aws:events:${region}:${account}:rule/${stage}-medpipe-Routing-${rule}Rule`;
  }

  install(eventBridge: AwsClientStub<EventBridgeClient>): void {
    const { region, account, stage, sfn } = this.options;
    const rules = rulePatterns({ recordingsBucket: this.options.recordingsBucket });
    eventBridge.on(DescribeArchiveCommand).callsFake(async (input) => {
      if (input.ArchiveName !== `${stage}-medpipe-events`) {
        throw new ResourceNotFoundException({
          message: `Archive ${input.ArchiveName} does not exist.`,
          $metadata: {},
        });
      }
      return {
        ArchiveArn: `arn:aws:events:${region}:${account}:archive/${input.ArchiveName}`,
        EventSourceArn: `arn:aws:events:${region}:${account}:event-bus/default`,
        State: "ENABLED",
      };
    });
    eventBridge.on(ListRuleNamesByTargetCommand).callsFake(async (input) => ({
      RuleNames: rules
        .filter((rule) => sfn.machineArn(rule.workflow) === input.TargetArn)
        .map((rule) => this.ruleArn(rule.name).split(":rule/")[1]),
    }));
    eventBridge.on(DescribeRuleCommand).callsFake(async (input) => ({
      Name: input.Name,
      Arn: `arn:aws:events:${region}:${account}:rule/${input.Name}`,
    }));
    eventBridge.on(StartReplayCommand).callsFake(async (input) => {
      const name = String(input.ReplayName);
      if (!/^[.\-_A-Za-z0-9]{1,64}$/.test(name)) throw new Error(`ValidationException: ReplayName ${name}`);
      if (this.replays.has(name)) {
        throw new ResourceAlreadyExistsException({
          message: `Replay ${name} already exists.`,
          $metadata: {},
        });
      }
      const runningNow = [...this.replays.values()].filter(
        (r) => r.state === "STARTING" || r.state === "RUNNING",
      );
      if (runningNow.length >= 10) {
        throw new LimitExceededException({
          message: "The requested resource exceeds the maximum number allowed.",
          $metadata: { httpStatusCode: 400 },
        });
      }
      this.replays.set(name, {
        state: "STARTING",
        from: input.EventStartTime ?? new Date(0),
        to: input.EventEndTime ?? new Date(0),
        filterArns: input.Destination?.FilterArns ?? [],
        looks: 0,
      });
      return { ReplayArn: `arn:aws:events:${region}:${account}:replay/${name}`, State: "STARTING" };
    });
    eventBridge.on(DescribeReplayCommand).callsFake(async (input) => {
      const name = String(input.ReplayName);
      const replay = this.replays.get(name);
      if (!replay)
        throw new ResourceNotFoundException({ message: `Replay ${name} does not exist.`, $metadata: {} });
      replay.looks++;
      if (replay.state !== "COMPLETED" && replay.looks > this.runningLooks) {
        replay.state = "COMPLETED";
        this.deliver(name, replay, rules);
      } else if (replay.state === "STARTING") replay.state = "RUNNING";
      const middle = new Date((replay.from.getTime() + replay.to.getTime()) / 2);
      return {
        ReplayName: name,
        State: replay.state,
        EventLastReplayedTime: replay.state === "COMPLETED" ? replay.to : middle,
      };
    });
  }

  private deliver(name: string, replay: Replay, rules: ReturnType<typeof rulePatterns>): void {
    for (const event of this.archive) {
      const at = Date.parse(String(event.time));
      if (at < replay.from.getTime() || at >= replay.to.getTime()) continue;
      for (const rule of rules) {
        if (replay.filterArns.includes(this.ruleArn(rule.name)) && matches(rule.pattern, event)) {
          this.options.sfn.startFromRule(rule.workflow, asReplayed(event, name));
        }
      }
    }
  }
}
