import { describe, expect, it } from "vitest";
import { type EventPattern, matches } from "./match.js";
import { matchCases, refusalCases, unsupportedCases } from "./pattern-cases.fixture.js";
import {
  InvalidEventPatternError,
  MAX_EVENT_PATTERN_LENGTH,
  UnsupportedPatternError,
  validatePattern,
} from "./pattern-validation.js";
import { archivePattern, rulePatterns } from "./rules.js";

function refusalOf(pattern: unknown): unknown {
  try {
    validatePattern(pattern);
  } catch (error) {
    return error;
  }
  return null;
}

describe("validatePattern refuses what EventBridge's PutRule refuses, with EventBridge's reason", () => {
  it.each(
    refusalCases.map((c) => [`${c.name}: "${c.reason}" (${c.source.basis})`, c] as const),
  )("%s", (_, c) => {
    const refusal = refusalOf(c.pattern);
    expect(refusal).toBeInstanceOf(InvalidEventPatternError);
    const { path, reason } = refusal as InvalidEventPatternError;
    expect({ path, reason }).toEqual({ path: c.path, reason: c.reason });
  });

  it("names where and why in the error's message", () => {
    expect(() => validatePattern({ detail: { state: [{ "anything-but": { prefix: "" } }] } })).toThrow(
      "invalid event pattern at $.detail.state[0].anything-but.prefix: Null prefix/suffix not allowed",
    );
  });

  it("quotes field names that are not plain in the path", () => {
    const refusal = refusalOf({ detail: { "state.status": [] } }) as InvalidEventPatternError;
    expect(refusal.path).toBe('$.detail["state.status"]');
  });

  it("reports the first fault in the pattern's order, as EventBridge reads it", () => {
    const refusal = refusalOf({ source: [], detail: {} }) as InvalidEventPatternError;
    expect(refusal.reason).toBe("Empty arrays are not allowed");
  });
});

describe("matches never matches a pattern EventBridge would refuse", () => {
  it.each(refusalCases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    expect(() => matches(c.pattern as EventPattern, { source: "aws.s3", detail: {} })).toThrow(
      InvalidEventPatternError,
    );
  });
});

describe("validatePattern accepts what EventBridge accepts", () => {
  it("accepts the pattern of every golden match case", () => {
    for (const c of matchCases) expect(() => validatePattern(c.pattern), c.name).not.toThrow();
  });

  it("accepts every rule pattern and the archive pattern of the pipeline", () => {
    const options = { recordingsBucket: "b".repeat(63) };
    for (const rule of rulePatterns(options))
      expect(() => validatePattern(rule.pattern), rule.name).not.toThrow();
    expect(() => validatePattern(archivePattern(options))).not.toThrow();
  });

  it("accepts a pattern of exactly the quota's length, and refuses one character more", () => {
    const padded = (length: number) => {
      const pattern = { source: [""] };
      const padding = length - JSON.stringify(pattern).length;
      return { source: ["x".repeat(padding)] };
    };
    expect(JSON.stringify(padded(MAX_EVENT_PATTERN_LENGTH))).toHaveLength(MAX_EVENT_PATTERN_LENGTH);
    expect(() => validatePattern(padded(MAX_EVENT_PATTERN_LENGTH))).not.toThrow();
    expect(() => validatePattern(padded(MAX_EVENT_PATTERN_LENGTH + 1))).toThrow(InvalidEventPatternError);
  });

  it("accepts an empty prefix, suffix and wildcard, which EventBridge compiles", () => {
    expect(() =>
      validatePattern({ a: [{ prefix: "" }], b: [{ suffix: "" }], c: [{ wildcard: "" }] }),
    ).not.toThrow();
  });
});

describe("patterns EventBridge accepts but does not document", () => {
  it.each(
    unsupportedCases.map((c) => [c.name, c] as const),
  )("%s: refused locally, not guessed at", (_, c) => {
    const refusal = refusalOf(c.pattern);
    expect(refusal).toBeInstanceOf(UnsupportedPatternError);
    expect((refusal as UnsupportedPatternError).path).toBe(c.path);
  });
});
