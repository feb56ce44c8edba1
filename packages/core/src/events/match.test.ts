import { describe, expect, it } from "vitest";
import { type EventPattern, matches } from "./match.js";
import { matchCases } from "./pattern-cases.fixture.js";
import { InvalidEventPatternError, UnsupportedPatternError } from "./pattern-validation.js";

const event = {
  version: "0",
  source: "aws.s3",
  "detail-type": "Object Created",
  region: "eu-west-1",
  resources: ["arn:aws:s3:::recordings", "arn:aws:s3:::other"],
  detail: {
    bucket: { name: "recordings" },
    object: { key: "concatenated/1e6bf4f5/audio/2024-03-01.mp4", size: 5, "version-id": null },
    flag: true,
    tags: [
      { name: "a", value: "1" },
      { name: "b", value: "2" },
    ],
    empty: [],
    ratio: 0.5,
  },
};

describe("matches agrees with EventBridge on every documented and recorded case", () => {
  it.each(
    matchCases.map((c) => [`${c.name} (${c.source.basis}: ${c.source.section})`, c] as const),
  )("%s", (_, c) => {
    expect(matches(c.pattern as EventPattern, c.event)).toBe(c.matches);
  });
});

/** [what it shows, pattern, expected]: the same behaviours on a pipeline event, as the rules use them. */
const golden: [string, EventPattern, boolean][] = [
  ["exact string", { source: ["aws.s3"] }, true],
  ["exact string, other value", { source: ["aws.chime"] }, false],
  ["any of several values", { source: ["aws.chime", "aws.s3"] }, true],
  ["strings are case sensitive", { source: ["AWS.S3"] }, false],
  ["all fields must match", { source: ["aws.s3"], region: ["us-east-1"] }, false],
  ["nested object", { detail: { bucket: { name: ["recordings"] } } }, true],
  ["nested object, other value", { detail: { bucket: { name: ["other"] } } }, false],
  ["exact number", { detail: { object: { size: [5] } } }, true],
  ["a number does not equal its string", { detail: { object: { size: ["5"] } } }, false],
  ["exact boolean", { detail: { flag: [true] } }, true],
  ["exact boolean, other value", { detail: { flag: [false] } }, false],
  ["null matches a null value", { detail: { object: { "version-id": [null] } } }, true],
  ["null does not match an absent field", { detail: { object: { etag: [null] } } }, false],
  ["an absent field matches no value", { detail: { missing: ["x"] } }, false],
  ["a leaf never equals an object", { detail: { bucket: ["recordings"] } }, false],
  ["a nested pattern does not match a leaf", { source: { name: ["aws.s3"] } }, false],
  ["an array field matches when any element does", { resources: ["arn:aws:s3:::other"] }, true],
  ["an array field, no element matching", { resources: ["arn:aws:s3:::third"] }, false],
  ["a nested pattern against an array of objects", { detail: { tags: { name: ["b"] } } }, true],
  ["a nested pattern against an array of objects, none", { detail: { tags: { name: ["c"] } } }, false],
  ["two fields within one object of an array", { detail: { tags: { name: ["b"], value: ["2"] } } }, true],
  ["two fields across objects of an array", { detail: { tags: { name: ["a"], value: ["2"] } } }, false],
  ["a key with a dot names the nested field", { detail: { "bucket.name": ["recordings"] } }, true],
  ["a nested pattern and a dotted key agree", { "detail.object": { key: [{ suffix: ".mp4" }] } }, true],
  ["prefix", { region: [{ prefix: "eu-" }] }, true],
  ["prefix, other", { region: [{ prefix: "us-" }] }, false],
  ["prefix on a number never matches", { detail: { object: { size: [{ prefix: "5" }] } } }, false],
  ["prefix ignoring case", { source: [{ prefix: { "equals-ignore-case": "AWS." } }] }, true],
  ["suffix", { detail: { object: { key: [{ suffix: ".mp4" }] } } }, true],
  ["suffix, other", { detail: { object: { key: [{ suffix: ".json" }] } } }, false],
  [
    "suffix ignoring case",
    { detail: { object: { key: [{ suffix: { "equals-ignore-case": ".MP4" } }] } } },
    true,
  ],
  ["equals-ignore-case", { "detail-type": [{ "equals-ignore-case": "object created" }] }, true],
  ["anything-but a value", { region: [{ "anything-but": "us-east-1" }] }, true],
  ["anything-but the value itself", { region: [{ "anything-but": "eu-west-1" }] }, false],
  ["anything-but a list", { region: [{ "anything-but": ["us-east-1", "eu-west-1"] }] }, false],
  ["anything-but a list without it", { region: [{ "anything-but": ["us-east-1", "us-west-2"] }] }, true],
  ["anything-but a number", { detail: { object: { size: [{ "anything-but": 5 }] } } }, false],
  ["anything-but a prefix", { region: [{ "anything-but": { prefix: "us-" } }] }, true],
  ["anything-but its own prefix", { region: [{ "anything-but": { prefix: "eu-" } }] }, false],
  ["anything-but a suffix", { region: [{ "anything-but": { suffix: "-1" } }] }, false],
  [
    "anything-but ignoring case",
    { source: [{ "anything-but": { "equals-ignore-case": ["AWS.S3"] } }] },
    false,
  ],
  ["anything-but a wildcard", { region: [{ "anything-but": { wildcard: "us-*" } }] }, true],
  ["anything-but a list of prefixes", { region: [{ "anything-but": { prefix: ["us-", "eu-"] } }] }, false],
  [
    "anything-but a prefix matches a null value",
    { detail: { object: { "version-id": [{ "anything-but": { prefix: "v" } }] } } },
    true,
  ],
  [
    "anything-but a suffix matches a number",
    { detail: { object: { size: [{ "anything-but": { suffix: "5" } }] } } },
    true,
  ],
  ["anything-but a string matches a boolean", { detail: { flag: [{ "anything-but": "true" }] } }, true],
  ["anything-but does not match an absent field", { detail: { missing: [{ "anything-but": "x" }] } }, false],
  [
    "anything-but on an array: some element differs",
    { resources: [{ "anything-but": "arn:aws:s3:::other" }] },
    true,
  ],
  ["exists: true on a present field", { detail: { flag: [{ exists: true }] } }, true],
  ["exists: true on a null value", { detail: { object: { "version-id": [{ exists: true }] } } }, true],
  ["exists: true on an absent field", { detail: { missing: [{ exists: true }] } }, false],
  ["exists: true on an object (not a leaf)", { detail: { bucket: [{ exists: true }] } }, false],
  ["exists: true on an empty array", { detail: { empty: [{ exists: true }] } }, false],
  ["exists: false on an absent field", { detail: { missing: [{ exists: false }] } }, true],
  ["exists: false on a present field", { detail: { flag: [{ exists: false }] } }, false],
  ["exists: false under an absent object", { nothing: { here: [{ exists: false }] } }, true],
  ["exists: false on an empty array", { detail: { empty: [{ exists: false }] } }, true],
  ["wildcard", { detail: { object: { key: [{ wildcard: "concatenated/*/audio/*.mp4" }] } } }, true],
  [
    "wildcard, wrong folder",
    { detail: { object: { key: [{ wildcard: "concatenated/*/video/*.mp4" }] } } },
    false,
  ],
  ["wildcard star crosses slashes", { detail: { object: { key: [{ wildcard: "concatenated*" }] } } }, true],
  ["wildcard is anchored", { detail: { object: { key: [{ wildcard: "*/audio" }] } } }, false],
  [
    "wildcard dots are literal",
    { detail: { object: { key: [{ wildcard: "concatenated/*/audio/*Xmp4" }] } } },
    false,
  ],
  ["wildcard escaped star is literal", { region: [{ wildcard: "eu-\\*" }] }, false],
  ["wildcard on a number never matches", { detail: { object: { size: [{ wildcard: "*" }] } } }, false],
  ["numeric range", { detail: { ratio: [{ numeric: [">", 0, "<=", 1] }] } }, true],
  ["numeric range, outside", { detail: { ratio: [{ numeric: [">=", 1] }] } }, false],
  ["numeric equals", { detail: { object: { size: [{ numeric: ["=", 5] }] } } }, true],
  ["numeric on a string never matches", { region: [{ numeric: [">", 0] }] }, false],
  ["$or: one alternative matches", { $or: [{ source: ["aws.chime"] }, { region: ["eu-west-1"] }] }, true],
  ["$or: no alternative matches", { $or: [{ source: ["aws.chime"] }, { region: ["us-east-1"] }] }, false],
  [
    "$or combines with the fields beside it",
    { source: ["aws.chime"], $or: [{ region: ["eu-west-1"] }, { version: ["0"] }] },
    false,
  ],
  ["$or inside a nested object", { detail: { $or: [{ flag: [false] }, { object: { size: [5] } }] } }, true],
  [
    "several matchers on one field: any of them",
    { region: [{ prefix: "us-" }, "eu-west-1", { exists: false }] },
    true,
  ],
];

describe("matches, the EventBridge pattern semantics the rules rely on", () => {
  it.each(golden)("%s", (_, pattern, expected) => {
    expect(matches(pattern, event)).toBe(expected);
  });

  it("matches nothing but exists: false against a value that is not an object", () => {
    expect(matches({ source: ["aws.s3"] }, "aws.s3")).toBe(false);
    expect(matches({ source: [{ exists: false }] }, null)).toBe(true);
  });

  it("refuses a pattern EventBridge refuses, instead of matching it", () => {
    expect(() => matches({}, event)).toThrow(InvalidEventPatternError);
    expect(() => matches({ region: [{ prefix: "eu", suffix: "1" } as never] }, event)).toThrow(
      InvalidEventPatternError,
    );
    expect(() => matches({ detail: { ratio: [{ numeric: [">"] }] } }, event)).toThrow(
      InvalidEventPatternError,
    );
    expect(() => matches({ region: [{ "anything-but": { prefix: "" } }] }, event)).toThrow(
      InvalidEventPatternError,
    );
  });

  it("refuses to guess at what EventBridge accepts but does not document", () => {
    expect(() => matches({ region: [{ exactly: "eu-west-1" } as never] }, event)).toThrow(
      UnsupportedPatternError,
    );
  });

  it("matches cidr, which it used to refuse", () => {
    const withAddress = { ...event, detail: { ...event.detail, sourceIPAddress: "10.0.0.33" } };
    expect(matches({ detail: { sourceIPAddress: [{ cidr: "10.0.0.0/24" }] } }, withAddress)).toBe(true);
    expect(matches({ detail: { sourceIPAddress: [{ cidr: "10.0.1.0/24" }] } }, withAddress)).toBe(false);
  });
});
