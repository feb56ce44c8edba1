import { describe, expect, it } from "vitest";
import { matches } from "./match.js";
import { parseEventOrThrow } from "./parse.js";
import { RECORDINGS_BUCKET, routingSamples } from "./reference-events.fixture.js";
import { matchingRule, route } from "./route.js";
import { archivePattern, rulePatterns } from "./rules.js";
import { WORKFLOWS } from "./workflows.js";

const options = { recordingsBucket: RECORDINGS_BUCKET };
const samples = routingSamples();
const rules = rulePatterns(options);

describe("rulePatterns", () => {
  it.each(
    rules.map((rule) => [rule.name, rule] as const),
  )("%s matches its positive samples and none of the others", (_, rule) => {
    const positives = samples.filter((sample) => sample.workflow === rule.workflow);
    const matched = samples.filter((sample) => matches(rule.pattern, sample.event)).map((s) => s.name);
    expect(matched.length).toBeGreaterThan(0);
    for (const name of matched) expect(positives.map((s) => s.name)).toContain(name);
  });

  it("routes every sample to exactly the workflow it belongs to, through exactly one rule", () => {
    for (const sample of samples) {
      const matching = rules.filter((rule) => matches(rule.pattern, sample.event));
      expect(matching.length, sample.name).toBe(sample.workflow === null ? 0 : 1);
      expect(matching[0]?.workflow ?? null, sample.name).toBe(sample.workflow);
    }
  });

  it("gives every workflow a rule, and every rule a unique name EventBridge accepts", () => {
    expect(new Set(rules.map((rule) => rule.workflow))).toEqual(new Set(WORKFLOWS));
    expect(new Set(rules.map((rule) => rule.name)).size).toBe(rules.length);
    for (const rule of rules) expect(rule.name).toMatch(/^[.\-_A-Za-z0-9]{1,64}$/);
  });

  it("is plain EventBridge JSON, with the deploy-time bucket name in it", () => {
    expect(JSON.parse(JSON.stringify(rules))).toEqual(rules);
    const transcription = rules.find((rule) => rule.workflow === "transcription");
    expect(transcription?.pattern).toEqual({
      source: ["aws.s3"],
      "detail-type": ["Object Created"],
      detail: {
        bucket: { name: [RECORDINGS_BUCKET] },
        object: { key: [{ wildcard: "concatenated/*/audio/*.mp4" }] },
      },
    });
  });
});

describe("archivePattern", () => {
  it("archives exactly the events some rule consumes", () => {
    const archive = archivePattern(options);
    for (const sample of samples) {
      expect(matches(archive, sample.event), sample.name).toBe(sample.workflow !== null);
    }
  });
});

describe("route", () => {
  it("sends each parsed sample where EventBridge would", () => {
    for (const sample of samples) {
      const event = parseEventOrThrow(sample.event);
      expect(route(event, options), sample.name).toBe(sample.workflow);
      expect(matchingRule(event, options)?.workflow ?? null).toBe(sample.workflow);
    }
  });

  it("depends on the recordings bucket it is given", () => {
    const audio = samples.find((sample) => sample.name === "concatenated audio in the recordings bucket");
    const event = parseEventOrThrow(audio?.event);
    expect(route(event, { recordingsBucket: RECORDINGS_BUCKET })).toBe("transcription");
    expect(route(event, { recordingsBucket: "recordings" })).toBeNull();
  });

  it("routes a replayed event like the original", () => {
    const ended = samples.find((sample) => sample.name === "chime-MeetingEnded.json");
    const replayed = parseEventOrThrow({ ...ended?.event, "replay-name": "reprocess-2024-03" });
    expect(route(replayed, options)).toBe("meeting-lifecycle");
  });
});
