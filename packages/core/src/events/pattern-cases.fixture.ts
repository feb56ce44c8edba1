/**
 * Golden cases of EventBridge event-pattern behaviour, each with where it comes from. Used by tests only.
 *
 * - `example`: the user guide shows the pattern and the event (or says which events it matches).
 * - `rule`: the guide states the rule but gives no example; the case is written from the rule.
 * - `recorded`: the guide is silent; the outcome was recorded on EventBridge itself by LocalStack's parity suite
 *   (TestEventPattern and PutRule against AWS, templates and snapshot under `tests/aws/services/events/`).
 * - `engine`: the guide is silent and nothing was recorded; the case follows Event Ruler
 *   (github.com/aws/event-ruler), the open-source matcher behind EventBridge, and its wording.
 * A refusal's reason is EventBridge's recorded message where the snapshot holds it, Event Ruler's wording
 * otherwise.
 */

export type Basis = "example" | "rule" | "recorded" | "engine";

export interface CaseSource {
  url: string;
  section: string;
  basis: Basis;
}

export interface MatchCase {
  name: string;
  source: CaseSource;
  pattern: unknown;
  event: unknown;
  matches: boolean;
}

export interface RefusalCase {
  name: string;
  source: CaseSource;
  pattern: unknown;
  /** The JSON path of the fault in the pattern. */
  path: string;
  /** EventBridge's reason, after "Event pattern is not valid. Reason: ". */
  reason: string;
}

const GUIDE = "https://docs.aws.amazon.com/eventbridge/latest/userguide";
const PATTERNS = `${GUIDE}/eb-event-patterns.html`;
const SYNTAX = `${GUIDE}/eb-create-pattern.html`;
const OPERATORS = `${GUIDE}/eb-create-pattern-operators.html`;
const ARRAYS = `${GUIDE}/eb-event-patterns-arrays.html`;
const NULLS = `${GUIDE}/eb-event-patterns-null-values.html`;
const QUOTAS = `${GUIDE}/eb-quota.html`;
const LOCALSTACK = "https://github.com/localstack/localstack/blob/main/tests/aws/services/events";
const RULER = "https://github.com/aws/event-ruler";

const guide = (url: string, section: string, basis: "example" | "rule" = "example"): CaseSource => ({
  url,
  section,
  basis,
});
/** A case recorded on EventBridge: LocalStack's template of that name (`_NEG`: no match, `_EXC`: refused). */
const recorded = (template: string): CaseSource => ({
  url: `${LOCALSTACK}/event_pattern_templates/${template}.json5`,
  section: template,
  basis: "recorded",
});
/** A refusal whose message EventBridge returned in LocalStack's recorded snapshot. */
const recordedMessage = (test: string): CaseSource => ({
  url: `${LOCALSTACK}/test_events_patterns.snapshot.json`,
  section: `test_event_pattern[${test}]`,
  basis: "recorded",
});
const ruler = (section: string): CaseSource => ({
  url: `${RULER}/blob/main/src/main/software/amazon/event/ruler/JsonRuleCompiler.java`,
  section,
  basis: "engine",
});
const rulerReadme = (section: string): CaseSource => ({ url: `${RULER}#readme`, section, basis: "engine" });

/** The EC2 event on "Amazon EventBridge event patterns". */
const ec2Event = (state: string, source = "aws.ec2") => ({
  version: "0",
  id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
  "detail-type": "EC2 Instance State-change Notification",
  source,
  account: "111122223333",
  time: "2017-12-22T18:43:48Z",
  region: "us-west-1",
  resources: ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
  detail: { "instance-id": "i-1234567890abcdef0", state },
});
const ec2Pattern = {
  source: ["aws.ec2"],
  "detail-type": ["EC2 Instance State-change Notification"],
  detail: { state: ["terminated"] },
};

/** The Auto Scaling event on "Matching null values and empty strings". */
const autoScalingEvent = {
  version: "0",
  id: "3e3c153a-8339-4e30-8c35-687ebef853fe",
  "detail-type": "EC2 Instance Launch Successful",
  source: "aws.autoscaling",
  account: "123456789012",
  time: "2015-11-11T21:31:47Z",
  region: "us-east-1",
  resources: [],
  detail: { eventVersion: "", responseElements: null },
};

/** The (truncated) Macie event on "Amazon EventBridge event patterns", made valid JSON. */
const macieEvent = (riskScore: number) => ({
  version: "0",
  id: "3e355723-fca9-4de3-9fd7-154c289d6b59",
  "detail-type": "Macie Alert",
  source: "aws.macie",
  account: "123456789012",
  time: "2017-04-24T22:28:49Z",
  region: "us-east-1",
  resources: [
    "arn:aws:macie:us-east-1:123456789012:trigger/trigger_id/alert/alert_id",
    "arn:aws:macie:us-east-1:123456789012:trigger/trigger_id",
  ],
  detail: {
    "notification-type": "ALERT_CREATED",
    name: "Scanning bucket policies",
    tags: ["Custom_Alert", "Insider"],
    "risk-score": riskScore,
    trigger: {
      "rule-arn": "arn:aws:macie:us-east-1:123456789012:trigger/trigger_id",
      "alert-type": "basic",
      risk: 8,
    },
  },
});

/** The EC2 event the content-filtering examples are written against (Event Ruler's README shows it in full). */
const filteringEvent = (detail: Record<string, unknown> = {}) => ({
  version: "0",
  id: "ddddd4-aaaa-7777-4444-345dd43cc333",
  "detail-type": "EC2 Instance State-change Notification",
  source: "aws.ec2",
  account: "012345679012",
  time: "2017-10-02T16:24:49Z",
  region: "us-east-1",
  resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000"],
  detail: {
    "c-count": 5,
    "d-count": 3,
    "x-limit": 301.8,
    "source-ip": "10.0.0.33",
    "instance-id": "i-000000aaaaaa00000",
    state: "running",
    ...detail,
  },
});
const withDetail = (detail: Record<string, unknown>) => ({ ...filteringEvent(), detail });

/** The envelope of LocalStack's recorded templates. */
const recordedEvent = (fields: Record<string, unknown>) => ({
  id: "1",
  source: "test-source",
  "detail-type": "test-detail-type",
  account: "123456789012",
  region: "us-east-2",
  time: "2022-07-13T13:48:01Z",
  ...fields,
});

const employees = {
  employees: [
    { firstName: "John", lastName: "Doe" },
    { firstName: "Anna", lastName: "Smith" },
    { firstName: "Peter", lastName: "Jones" },
  ],
};

const PREFIX = guide(OPERATORS, "Prefix matching");
const PREFIX_IGNORE_CASE = guide(OPERATORS, "Prefix matching while ignoring case");
const SUFFIX = guide(OPERATORS, "Suffix matching");
const SUFFIX_IGNORE_CASE = guide(OPERATORS, "Suffix matching while ignoring case");
const ANYTHING_BUT = guide(OPERATORS, "Anything-but matching");
const ANYTHING_BUT_TABLE = guide(OPERATORS, "Comparison operators (table)");
const NUMERIC = guide(OPERATORS, "Numeric matching", "rule");
const IP = guide(OPERATORS, "IP address matching");
const EXISTS = guide(OPERATORS, "Exists matching");
const IGNORE_CASE = guide(OPERATORS, "Equals-ignore-case matching");
const WILDCARD = guide(OPERATORS, "Matching using wildcards");
const CONSIDERATIONS = guide(SYNTAX, "Considerations when creating event patterns");

export const matchCases: MatchCase[] = [
  // Event patterns, event pattern syntax
  {
    name: "the EC2 example pattern matches the instance-termination event",
    source: guide(PATTERNS, "Event patterns"),
    pattern: ec2Pattern,
    event: ec2Event("terminated"),
    matches: true,
  },
  {
    name: "the EC2 example pattern does not match the same event in another state",
    source: guide(PATTERNS, "Event patterns", "rule"),
    pattern: ec2Pattern,
    event: ec2Event("running"),
    matches: false,
  },
  {
    name: "fields the pattern does not name are ignored",
    source: guide(SYNTAX, "Event pattern syntax", "rule"),
    pattern: { source: ["aws.ec2"] },
    event: ec2Event("terminated"),
    matches: true,
  },
  {
    name: "the event must contain every field the pattern names",
    source: guide(SYNTAX, "Event pattern syntax", "rule"),
    pattern: { source: ["aws.ec2"], detail: { "availability-zone": ["us-west-1a"] } },
    event: ec2Event("terminated"),
    matches: false,
  },
  {
    name: "a field matches any of the values listed: EC2",
    source: guide(SYNTAX, "Matching event values"),
    pattern: { source: ["aws.ec2", "aws.fargate"] },
    event: ec2Event("terminated"),
    matches: true,
  },
  {
    name: "a field matches any of the values listed: Fargate",
    source: guide(SYNTAX, "Matching event values"),
    pattern: { source: ["aws.ec2", "aws.fargate"] },
    event: ec2Event("terminated", "aws.fargate"),
    matches: true,
  },
  {
    name: "a field matches none of the values listed",
    source: guide(SYNTAX, "Matching event values", "rule"),
    pattern: { source: ["aws.ec2", "aws.fargate"] },
    event: ec2Event("terminated", "aws.s3"),
    matches: false,
  },
  {
    name: "strings match character by character, without case folding",
    source: guide(SYNTAX, "Considerations when creating event patterns", "rule"),
    pattern: { source: ["AWS.EC2"] },
    event: ec2Event("terminated"),
    matches: false,
  },
  {
    name: "strings match without any other normalization (composed and decomposed é differ)",
    source: guide(SYNTAX, "Considerations when creating event patterns", "rule"),
    pattern: { detail: { state: ["caf\u00e9"] } },
    event: ec2Event("cafe\u0301"),
    matches: false,
  },
  {
    name: "field matching on a null value",
    source: guide(PATTERNS, "Field matching"),
    pattern: {
      source: ["aws.autoscaling"],
      "detail-type": ["EC2 Instance Launch Successful"],
      detail: { responseElements: [null] },
    },
    event: autoScalingEvent,
    matches: true,
  },
  {
    name: "value matching on numbers, nested",
    source: guide(PATTERNS, "Value matching"),
    pattern: {
      source: ["aws.macie"],
      "detail-type": ["Macie Alert"],
      detail: { "risk-score": [80], trigger: { risk: [8] } },
    },
    event: macieEvent(80),
    matches: true,
  },
  {
    name: "value matching on numbers, another score",
    source: guide(PATTERNS, "Value matching", "rule"),
    pattern: {
      source: ["aws.macie"],
      "detail-type": ["Macie Alert"],
      detail: { "risk-score": [80], trigger: { risk: [8] } },
    },
    event: macieEvent(81),
    matches: false,
  },
  {
    name: "a number does not equal the string of its digits",
    source: guide(SYNTAX, "Considerations when creating event patterns", "rule"),
    pattern: { detail: { "risk-score": ["80"] } },
    event: macieEvent(80),
    matches: false,
  },

  // Keys with dots, duplicate keys
  {
    name: "dot joining: a nested pattern matches a nested event",
    source: CONSIDERATIONS,
    pattern: { detail: { state: { status: ["running"] } } },
    event: { detail: { state: { status: "running" } } },
    matches: true,
  },
  {
    name: "dot joining: a nested pattern matches an event whose key has a dot",
    source: CONSIDERATIONS,
    pattern: { detail: { state: { status: ["running"] } } },
    event: { detail: { "state.status": "running" } },
    matches: true,
  },
  {
    name: "dot joining: a pattern key with a dot matches a nested event",
    source: CONSIDERATIONS,
    pattern: { detail: { "state.status": ["running"] } },
    event: { detail: { state: { status: "running" } } },
    matches: true,
  },
  {
    name: "dot joining: a pattern key with a dot matches an event key with a dot",
    source: CONSIDERATIONS,
    pattern: { detail: { "state.status": ["running"] } },
    event: { detail: { "state.status": "running" } },
    matches: true,
  },
  {
    name: "dot joining: a dotted key nested once more names a deeper field",
    source: recorded("dot_joining_pattern_NEG"),
    pattern: { detail: { "state.status": { status: ["running"] } } },
    event: recordedEvent({ detail: { state: { status: "running" } } }),
    matches: false,
  },
  {
    name: "duplicate keys: only the last one counts (matching the last value)",
    source: CONSIDERATIONS,
    pattern: JSON.parse(
      '{"source":["aws.s3"],"source":["aws.sns"],"detail-type":["AWS API Call via CloudTrail"],' +
        '"detail":{"eventSource":["s3.amazonaws.com"],"eventSource":["sns.amazonaws.com"]}}',
    ),
    event: {
      source: "aws.sns",
      "detail-type": "AWS API Call via CloudTrail",
      detail: { eventSource: "sns.amazonaws.com" },
    },
    matches: true,
  },
  {
    name: "duplicate keys: only the last one counts (not the first value)",
    source: guide(SYNTAX, "Considerations when creating event patterns", "rule"),
    pattern: JSON.parse(
      '{"source":["aws.s3"],"source":["aws.sns"],"detail-type":["AWS API Call via CloudTrail"],' +
        '"detail":{"eventSource":["s3.amazonaws.com"],"eventSource":["sns.amazonaws.com"]}}',
    ),
    event: {
      source: "aws.s3",
      "detail-type": "AWS API Call via CloudTrail",
      detail: { eventSource: "s3.amazonaws.com" },
    },
    matches: false,
  },
  {
    name: "a field named twice, once with a dotted key, keeps its last matchers (the last)",
    source: guide(SYNTAX, "Considerations when creating event patterns", "rule"),
    pattern: { detail: { "state.status": ["pending"], state: { status: ["running"] } } },
    event: { detail: { state: { status: "running" } } },
    matches: true,
  },
  {
    name: "a field named twice, once with a dotted key, keeps its last matchers (not the first)",
    source: guide(SYNTAX, "Considerations when creating event patterns", "rule"),
    pattern: { detail: { "state.status": ["pending"], state: { status: ["running"] } } },
    event: { detail: { state: { status: "pending" } } },
    matches: false,
  },

  // Null values and empty strings
  {
    name: "an empty string matches an empty string",
    source: guide(NULLS, "Matching null values and empty strings"),
    pattern: { detail: { eventVersion: [""] } },
    event: autoScalingEvent,
    matches: true,
  },
  {
    name: "null matches a null value",
    source: guide(NULLS, "Matching null values and empty strings"),
    pattern: { detail: { responseElements: [null] } },
    event: autoScalingEvent,
    matches: true,
  },
  {
    name: "an empty string does not match null",
    source: guide(NULLS, "Matching null values and empty strings (note)"),
    pattern: { detail: { responseElements: [""] } },
    event: autoScalingEvent,
    matches: false,
  },
  {
    name: "null does not match an empty string",
    source: guide(NULLS, "Matching null values and empty strings (note)"),
    pattern: { detail: { eventVersion: [null] } },
    event: autoScalingEvent,
    matches: false,
  },
  {
    name: "null does not match an absent field",
    source: guide(SYNTAX, "Event pattern syntax", "rule"),
    pattern: { detail: { requestParameters: [null] } },
    event: autoScalingEvent,
    matches: false,
  },

  // Arrays
  {
    name: "an array in the event matches when it shares a value with the pattern",
    source: guide(ARRAYS, "Matching on multiple field values"),
    pattern: {
      resources: [
        "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
        "arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f",
        "arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f",
      ],
    },
    event: {
      resources: [
        "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate",
        "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
      ],
    },
    matches: true,
  },
  {
    name: "an array in the event does not match when it shares no value with the pattern",
    source: guide(ARRAYS, "Matching on multiple field values", "rule"),
    pattern: { resources: ["arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f"] },
    event: { resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f"] },
    matches: false,
  },
  {
    name: "an empty array in the event holds no value, not even null",
    source: recorded("arrays_empty_null_NEG"),
    pattern: { resources: [null] },
    event: recordedEvent({ resources: [] }),
    matches: false,
  },
  {
    name: "a nested pattern matches any object of an array",
    source: rulerReadme("JSON Array Matching"),
    pattern: { employees: { firstName: ["Anna"] } },
    event: employees,
    matches: true,
  },
  {
    name: "two fields must match within the same object of an array",
    source: rulerReadme("JSON Array Matching"),
    pattern: { employees: { firstName: ["Anna"], lastName: ["Smith"] } },
    event: employees,
    matches: true,
  },
  {
    name: "two fields never match across different objects of an array",
    source: rulerReadme("JSON Array Matching"),
    pattern: { employees: { firstName: ["Anna"], lastName: ["Jones"] } },
    event: employees,
    matches: false,
  },
  {
    name: "arrays of arrays of objects are crushed out too",
    source: rulerReadme("JSON Array Matching"),
    pattern: { employees: { firstName: ["Peter"], lastName: ["Jones"] } },
    event: {
      employees: [
        [
          { firstName: "John", lastName: "Doe" },
          { firstName: "Anna", lastName: "Smith" },
        ],
        [{ firstName: "Peter", lastName: "Jones" }],
      ],
    },
    matches: true,
  },

  // Prefix and suffix
  {
    name: "prefix matches the start of a string",
    source: PREFIX,
    pattern: { time: [{ prefix: "2017-10-02" }] },
    event: filteringEvent(),
    matches: true,
  },
  {
    name: "prefix does not match a string that starts otherwise",
    source: guide(OPERATORS, "Prefix matching", "rule"),
    pattern: { time: [{ prefix: "2017-10-03" }] },
    event: filteringEvent(),
    matches: false,
  },
  {
    name: "prefix works on string values only: not on a number with those digits",
    source: guide(OPERATORS, "Prefix matching", "rule"),
    pattern: { detail: { "c-count": [{ prefix: "5" }] } },
    event: filteringEvent(),
    matches: false,
  },
  {
    name: "an empty prefix matches any string",
    source: recorded("content_prefix_empty"),
    pattern: { source: [{ prefix: "" }] },
    event: recordedEvent({ detail: { state: "pending" } }),
    matches: true,
  },
  {
    name: "an empty prefix still matches strings only",
    source: guide(OPERATORS, "Prefix matching", "rule"),
    pattern: { detail: { "c-count": [{ prefix: "" }] } },
    event: filteringEvent(),
    matches: false,
  },
  {
    name: "prefix ignoring case: same case",
    source: PREFIX_IGNORE_CASE,
    pattern: { detail: { service: [{ prefix: { "equals-ignore-case": "EventB" } }] } },
    event: withDetail({ service: "EventBridge" }),
    matches: true,
  },
  {
    name: "prefix ignoring case: upper case",
    source: PREFIX_IGNORE_CASE,
    pattern: { detail: { service: [{ prefix: { "equals-ignore-case": "EventB" } }] } },
    event: withDetail({ service: "EVENTBRIDGE" }),
    matches: true,
  },
  {
    name: "prefix ignoring case: another prefix",
    source: guide(OPERATORS, "Prefix matching while ignoring case", "rule"),
    pattern: { detail: { service: [{ prefix: { "equals-ignore-case": "EventB" } }] } },
    event: withDetail({ service: "Lambda" }),
    matches: false,
  },
  {
    name: "suffix matches the end of a string",
    source: SUFFIX,
    pattern: { FileName: [{ suffix: ".png" }] },
    event: { FileName: "image.png" },
    matches: true,
  },
  {
    name: "suffix does not match a string that ends otherwise",
    source: guide(OPERATORS, "Suffix matching", "rule"),
    pattern: { FileName: [{ suffix: ".png" }] },
    event: { FileName: "image.png.bak" },
    matches: false,
  },
  {
    name: "suffix ignoring case",
    source: SUFFIX_IGNORE_CASE,
    pattern: { detail: { FileName: [{ suffix: { "equals-ignore-case": ".png" } }] } },
    event: withDetail({ FileName: "IMAGE.PNG" }),
    matches: true,
  },

  // Anything-but
  {
    name: "anything-but a string: another string",
    source: ANYTHING_BUT,
    pattern: { detail: { state: [{ "anything-but": "initializing" }] } },
    event: filteringEvent(),
    matches: true,
  },
  {
    name: "anything-but a string: that string",
    source: ANYTHING_BUT,
    pattern: { detail: { state: [{ "anything-but": "initializing" }] } },
    event: filteringEvent({ state: "initializing" }),
    matches: false,
  },
  {
    name: "anything-but a number: another number",
    source: ANYTHING_BUT,
    pattern: { detail: { "x-limit": [{ "anything-but": 123 }] } },
    event: filteringEvent(),
    matches: true,
  },
  {
    name: "anything-but a number: that number",
    source: ANYTHING_BUT,
    pattern: { detail: { "x-limit": [{ "anything-but": 123 }] } },
    event: filteringEvent({ "x-limit": 123 }),
    matches: false,
  },
  {
    name: "anything-but a list of strings: none of them",
    source: ANYTHING_BUT,
    pattern: { detail: { state: [{ "anything-but": ["stopped", "overloaded"] }] } },
    event: filteringEvent(),
    matches: true,
  },
  {
    name: "anything-but a list of strings: one of them",
    source: ANYTHING_BUT,
    pattern: { detail: { state: [{ "anything-but": ["stopped", "overloaded"] }] } },
    event: filteringEvent({ state: "overloaded" }),
    matches: false,
  },
  {
    name: "anything-but a list of numbers: none of them",
    source: ANYTHING_BUT,
    pattern: { detail: { "x-limit": [{ "anything-but": [100, 200, 300] }] } },
    event: filteringEvent(),
    matches: true,
  },
  {
    name: "anything-but a list of numbers: one of them",
    source: ANYTHING_BUT,
    pattern: { detail: { "x-limit": [{ "anything-but": [100, 200, 300] }] } },
    event: filteringEvent({ "x-limit": 200 }),
    matches: false,
  },
  {
    name: "anything-but a prefix: a string without it",
    source: ANYTHING_BUT,
    pattern: { detail: { state: [{ "anything-but": { prefix: "init" } }] } },
    event: filteringEvent(),
    matches: true,
  },
  {
    name: "anything-but a prefix: a string with it",
    source: ANYTHING_BUT,
    pattern: { detail: { state: [{ "anything-but": { prefix: "init" } }] } },
    event: filteringEvent({ state: "initializing" }),
    matches: false,
  },
  {
    name: "anything-but a list of prefixes: a string with none of them",
    source: recorded("content_anything_prefix_list"),
    pattern: { detail: { state: [{ "anything-but": { prefix: ["init", "test"] } }] } },
    event: recordedEvent({ detail: { state: "post-init" } }),
    matches: true,
  },
  {
    name: "anything-but a list of prefixes: a string with one of them",
    source: recorded("content_anything_prefix_list_NEG"),
    pattern: { detail: { state: [{ "anything-but": { prefix: ["init", "post"] } }] } },
    event: recordedEvent({ detail: { state: "post-init" } }),
    matches: false,
  },
  {
    name: "anything-but a suffix: a file of another type",
    source: ANYTHING_BUT_TABLE,
    pattern: { FileName: [{ "anything-but": { suffix: ".png" } }] },
    event: { FileName: "notes.txt" },
    matches: true,
  },
  {
    name: "anything-but a suffix: a file of that type",
    source: ANYTHING_BUT_TABLE,
    pattern: { FileName: [{ "anything-but": { suffix: ".png" } }] },
    event: { FileName: "image.png" },
    matches: false,
  },
  {
    name: "anything-but a list of suffixes",
    source: recorded("content_anything_suffix_list"),
    pattern: { detail: { FileName: [{ "anything-but": { suffix: [".txt", ".jpg"] } }] } },
    event: recordedEvent({ detail: { FileName: "file.txt.bak" } }),
    matches: true,
  },
  {
    name: "anything-but ignoring case: another value",
    source: ANYTHING_BUT_TABLE,
    pattern: { state: [{ "anything-but": { "equals-ignore-case": "initializing" } }] },
    event: { state: "running" },
    matches: true,
  },
  {
    name: "anything-but ignoring case: that value in another case",
    source: ANYTHING_BUT_TABLE,
    pattern: { state: [{ "anything-but": { "equals-ignore-case": "initializing" } }] },
    event: { state: "INITIALIZING" },
    matches: false,
  },
  {
    name: "anything-but ignoring case, a list: one of them in another case",
    source: guide(OPERATORS, "Anything-but matching", "rule"),
    pattern: { state: [{ "anything-but": { "equals-ignore-case": ["initializing", "stopped"] } }] },
    event: { state: "Stopped" },
    matches: false,
  },
  {
    name: "anything-but a wildcard: a path without /lib/",
    source: ANYTHING_BUT_TABLE,
    pattern: { FilePath: [{ "anything-but": { wildcard: "*/lib/*" } }] },
    event: { FilePath: "/usr/bin/ls" },
    matches: true,
  },
  {
    name: "anything-but a wildcard: a path with /lib/",
    source: ANYTHING_BUT_TABLE,
    pattern: { FilePath: [{ "anything-but": { wildcard: "*/lib/*" } }] },
    event: { FilePath: "/usr/lib/libc.so" },
    matches: false,
  },
  {
    name: "anything-but a list of wildcards: one of them matches",
    source: recorded("content_anything_wildcard_list_NEG"),
    pattern: { detail: { state: [{ "anything-but": { wildcard: ["*/init/*", "*/dir/*"] } }] } },
    event: recordedEvent({ detail: { state: "dir/init/dir" } }),
    matches: false,
  },
  {
    name: "anything-but an empty wildcard excludes only the empty string",
    source: recorded("content_anything_wildcard_empty"),
    pattern: { detail: { FilePath: [{ "anything-but": { wildcard: "" } }] } },
    event: recordedEvent({ detail: { FilePath: "dir/init/file" } }),
    matches: true,
  },
  {
    name: "anything-but a list of strings matches null",
    source: recorded("content_anything_but_string_list_null"),
    pattern: { detail: { state: [{ "anything-but": ["stopped", "overloaded"] }] } },
    event: recordedEvent({ detail: { state: null } }),
    matches: true,
  },
  {
    name: "anything-but a prefix matches null",
    source: recorded("content_anything_prefix_null"),
    pattern: { detail: { state: [{ "anything-but": { prefix: "init" } }] } },
    event: recordedEvent({ detail: { state: null } }),
    matches: true,
  },
  {
    name: "anything-but a prefix matches a number",
    source: recorded("content_anything_prefix_int_value"),
    pattern: { detail: { state: [{ "anything-but": { prefix: "init" } }] } },
    event: recordedEvent({ detail: { state: 12 } }),
    matches: true,
  },
  {
    name: "anything-but a suffix matches null",
    source: recorded("content_anything_suffix_null"),
    pattern: { detail: { FileName: [{ "anything-but": { suffix: ".txt" } }] } },
    event: recordedEvent({ detail: { FileName: null } }),
    matches: true,
  },
  {
    name: "anything-but a wildcard matches a number",
    source: recorded("content_anything_wildcard_int"),
    pattern: { detail: { FilePath: [{ "anything-but": { wildcard: "*/dir/*" } }] } },
    event: recordedEvent({ detail: { FilePath: 123 } }),
    matches: true,
  },
  {
    name: "anything-but a wildcard matches null",
    source: recorded("content_anything_wildcard_null"),
    pattern: { detail: { FilePath: [{ "anything-but": { wildcard: "*/dir/*" } }] } },
    event: recordedEvent({ detail: { FilePath: null } }),
    matches: true,
  },
  {
    name: "anything-but ignoring case, a list, matches null",
    source: recorded("content_anything_but_ignorecase_list_null"),
    pattern: {
      detail: { state: [{ "anything-but": { "equals-ignore-case": ["initializing", "stopped"] } }] },
    },
    event: recordedEvent({ detail: { state: null } }),
    matches: true,
  },
  {
    name: "anything-but never matches an absent field",
    source: recorded("content_anything_prefix_missing_NEG"),
    pattern: { detail: { state: [{ "anything-but": { prefix: "init" } }] } },
    event: recordedEvent({ detail: { other: "value" } }),
    matches: false,
  },

  // Numeric
  {
    name: "numeric: a range, an upper bound and an equality, all holding",
    source: NUMERIC,
    pattern: {
      detail: {
        "c-count": [{ numeric: [">", 0, "<=", 5] }],
        "d-count": [{ numeric: ["<", 10] }],
        "x-limit": [{ numeric: ["=", 3.018e2] }],
      },
    },
    event: filteringEvent(),
    matches: true,
  },
  {
    name: "numeric: an open lower bound excludes the bound",
    source: NUMERIC,
    pattern: { detail: { "c-count": [{ numeric: [">", 0, "<=", 5] }] } },
    event: filteringEvent({ "c-count": 0 }),
    matches: false,
  },
  {
    name: "numeric: an open upper bound excludes the bound",
    source: NUMERIC,
    pattern: { detail: { "c-count": [{ numeric: [">=", 0, "<", 5] }] } },
    event: filteringEvent(),
    matches: false,
  },
  {
    name: "numeric matches JSON numbers only, not numeric strings",
    source: recorded("numeric-string_NEG"),
    pattern: { detail: { "c-count": [{ numeric: [">", 0] }] } },
    event: filteringEvent({ "c-count": "5" }),
    matches: false,
  },
  {
    name: "numeric does not match null",
    source: recorded("numeric-null_NEG"),
    pattern: { detail: { "c-count": [{ numeric: [">", 0] }] } },
    event: filteringEvent({ "c-count": null }),
    matches: false,
  },

  // IP addresses
  {
    name: "cidr matches an IPv4 address in the block",
    source: IP,
    pattern: { detail: { "source-ip": [{ cidr: "10.0.0.0/24" }] } },
    event: filteringEvent(),
    matches: true,
  },
  {
    name: "cidr matches the last address of the block",
    source: IP,
    pattern: { detail: { "source-ip": [{ cidr: "10.0.0.0/24" }] } },
    event: filteringEvent({ "source-ip": "10.0.0.255" }),
    matches: true,
  },
  {
    name: "cidr does not match an address outside the block",
    source: guide(OPERATORS, "IP address matching", "rule"),
    pattern: { detail: { "source-ip": [{ cidr: "10.0.0.0/24" }] } },
    event: filteringEvent({ "source-ip": "10.0.1.33" }),
    matches: false,
  },
  {
    name: "cidr matches IPv6 addresses",
    source: guide(OPERATORS, "IP address matching", "rule"),
    pattern: { detail: { "source-ip": [{ cidr: "2001:db8::/32" }] } },
    event: filteringEvent({ "source-ip": "2001:db8:1234::1" }),
    matches: true,
  },
  {
    name: "cidr does not match a number",
    source: recorded("content_ip_address_bad_type_NEG"),
    pattern: { detail: { sourceIPAddress: [{ cidr: "10.0.0.0/24" }] } },
    event: recordedEvent({ detail: { sourceIPAddress: 123 } }),
    matches: false,
  },
  {
    name: "cidr covers from the address as written, not from the start of its block",
    source: {
      url: `${RULER}/blob/main/src/main/software/amazon/event/ruler/CIDR.java`,
      section: "cidr",
      basis: "engine",
    },
    pattern: { detail: { "source-ip": [{ cidr: "10.0.0.40/24" }] } },
    event: filteringEvent(),
    matches: false,
  },

  // Exists
  {
    name: "exists false: the field is absent",
    source: EXISTS,
    pattern: { detail: { "c-count": [{ exists: false }] } },
    event: {
      "detail-type": ["EC2 Instance State-change Notification"],
      resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341"],
      detail: { state: ["initializing", "running"] },
    },
    matches: true,
  },
  {
    name: "exists false: the field is an object, not a leaf",
    source: EXISTS,
    pattern: { detail: { "c-count": [{ exists: false }] } },
    event: {
      "detail-type": ["EC2 Instance State-change Notification"],
      resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341"],
      detail: { state: ["initializing", "running"], "c-count": { c1: 100 } },
    },
    matches: true,
  },
  {
    name: "exists true: the field is present",
    source: EXISTS,
    pattern: { detail: { state: [{ exists: true }] } },
    event: {
      version: "0",
      id: "7bf73129-1428-4cd3-a780-95db273d1602",
      "detail-type": "EC2 Instance State-change Notification",
      source: "aws.ec2",
      account: "123456789012",
      time: "2015-11-11T21:29:54Z",
      region: "us-east-1",
      resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],
      detail: { "instance-id": "i-abcd1111", state: "pending" },
    },
    matches: true,
  },
  {
    name: "exists true: the field is absent",
    source: EXISTS,
    pattern: { detail: { state: [{ exists: true }] } },
    event: {
      "detail-type": ["EC2 Instance State-change Notification"],
      resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341"],
      detail: { "c-count": { c1: 100 } },
    },
    matches: false,
  },
  {
    name: "exists true: a null value is present",
    source: guide(OPERATORS, "Exists matching", "rule"),
    pattern: { detail: { responseElements: [{ exists: true }] } },
    event: autoScalingEvent,
    matches: true,
  },
  {
    name: "exists true: an empty array holds no value",
    source: guide(ARRAYS, "Matching on multiple field values", "rule"),
    pattern: { resources: [{ exists: true }] },
    event: autoScalingEvent,
    matches: false,
  },
  {
    name: "exists false: an empty array holds no value",
    source: guide(ARRAYS, "Matching on multiple field values", "rule"),
    pattern: { resources: [{ exists: false }] },
    event: autoScalingEvent,
    matches: true,
  },

  // Equals-ignore-case
  {
    name: "equals-ignore-case: another case",
    source: IGNORE_CASE,
    pattern: { Name: [{ "equals-ignore-case": "alice" }] },
    event: { Name: "Alice" },
    matches: true,
  },
  {
    name: "equals-ignore-case: another name",
    source: guide(OPERATORS, "Equals-ignore-case matching", "rule"),
    pattern: { Name: [{ "equals-ignore-case": "alice" }] },
    event: { Name: "Alicia" },
    matches: false,
  },
  {
    name: "equals-ignore-case: an empty string",
    source: recorded("content_ignorecase_empty"),
    pattern: { detail: { value: [{ "equals-ignore-case": "" }] } },
    event: recordedEvent({ detail: { value: "" } }),
    matches: true,
  },

  // Wildcards
  {
    name: "wildcard: any account, any bus",
    source: WILDCARD,
    pattern: { EventBusArn: [{ wildcard: "arn:aws:events:us-east-1:*:event-bus/*" }] },
    event: recordedEvent({ EventBusArn: "arn:aws:events:us-east-1:123456789012:event-bus/myEventBus" }),
    matches: true,
  },
  {
    name: "wildcard: the text around the stars must match",
    source: recorded("content_wildcard_nonrepeating_NEG"),
    pattern: { FileName: [{ wildcard: "/Users/*/doc.txt" }] },
    event: recordedEvent({ FileName: "/Users/ls_user/dir/dir/dir/dir/dir/notmatchingdoc.txt" }),
    matches: false,
  },
  {
    name: "wildcard: an escaped star is a literal star",
    source: guide(OPERATORS, "Matching using wildcards", "rule"),
    pattern: { name: [{ wildcard: "a\\*b" }] },
    event: { name: "a*b" },
    matches: true,
  },
  {
    name: "wildcard: an escaped star matches nothing else",
    source: guide(OPERATORS, "Matching using wildcards", "rule"),
    pattern: { name: [{ wildcard: "a\\*b" }] },
    event: { name: "axb" },
    matches: false,
  },
  {
    name: "wildcard: an escaped backslash is a literal backslash",
    source: guide(OPERATORS, "Matching using wildcards", "rule"),
    pattern: { name: [{ wildcard: "a\\\\*" }] },
    event: { name: "a\\b" },
    matches: true,
  },
  {
    name: "wildcard matches string values only",
    source: guide(OPERATORS, "Matching using wildcards", "rule"),
    pattern: { detail: { "c-count": [{ wildcard: "*" }] } },
    event: filteringEvent(),
    matches: false,
  },

  // $or and combinations
  {
    name: "$or: one alternative matches, with the field beside it",
    source: rulerReadme('The "$or" Primitive'),
    pattern: {
      source: ["aws.cloudwatch"],
      $or: [{ metricName: ["CPUUtilization", "ReadLatency"] }, { namespace: ["AWS/EC2", "AWS/ES"] }],
    },
    event: { source: "aws.cloudwatch", namespace: "AWS/EC2" },
    matches: true,
  },
  {
    name: "$or: no alternative matches",
    source: rulerReadme('The "$or" Primitive'),
    pattern: {
      source: ["aws.cloudwatch"],
      $or: [{ metricName: ["CPUUtilization", "ReadLatency"] }, { namespace: ["AWS/EC2", "AWS/ES"] }],
    },
    event: { source: "aws.cloudwatch", namespace: "AWS/Lambda" },
    matches: false,
  },
  {
    name: "$or: an alternative matches but the field beside it does not",
    source: rulerReadme('The "$or" Primitive'),
    pattern: {
      source: ["aws.cloudwatch"],
      $or: [{ metricName: ["CPUUtilization", "ReadLatency"] }, { namespace: ["AWS/EC2", "AWS/ES"] }],
    },
    event: { source: "aws.ec2", metricName: "CPUUtilization" },
    matches: false,
  },
  {
    name: "$or inside a nested object, with numeric alternatives",
    source: ruler("parseIntoOrRelationship (documented example)"),
    pattern: {
      detail: {
        $or: [
          { "c-count": [{ numeric: [">", 0, "<=", 5] }] },
          { "d-count": [{ numeric: ["<", 10] }] },
          { "x-limit": [{ numeric: ["=", 3.018e2] }] },
        ],
      },
    },
    event: withDetail({ "d-count": 3 }),
    matches: true,
  },
  {
    name: "the complex example: prefix, anything-but and numeric together",
    source: guide(OPERATORS, "Complex example with multiple matching"),
    pattern: {
      time: [{ prefix: "2017-10-02" }],
      detail: {
        state: [{ "anything-but": "initializing" }],
        "c-count": [{ numeric: [">", 0, "<=", 5] }],
        "d-count": [{ numeric: ["<", 10] }],
        "x-limit": [{ "anything-but": [100, 200, 300] }],
      },
    },
    event: filteringEvent(),
    matches: true,
  },
];

const longPattern = { source: Array.from({ length: 200 }, (_, i) => `source-${String(i).padStart(4, "0")}`) };

export const refusalCases: RefusalCase[] = [
  // The pattern's shape
  {
    name: "a pattern that is not an object",
    source: {
      url: `${LOCALSTACK}/test_events_patterns.snapshot.json`,
      section: "test_invalid_json_event_pattern[not a dict but valid json]",
      basis: "recorded",
    },
    pattern: ["not", "a", "dict", "but valid json"],
    path: "$",
    reason: "Filter is not an object",
  },
  {
    name: "an empty pattern",
    source: ruler("parseObject"),
    pattern: {},
    path: "$",
    reason: "Empty objects are not allowed",
  },
  {
    name: "an empty nested object",
    source: ruler("parseObject"),
    pattern: { source: ["aws.s3"], detail: {} },
    path: "$.detail",
    reason: "Empty objects are not allowed",
  },
  {
    name: "a number where an array of values belongs",
    source: recordedMessage("int_nolist_EXC"),
    pattern: { int: 42 },
    path: "$.int",
    reason: '"int" must be an object or an array',
  },
  {
    name: "a string where an array of values belongs",
    source: recordedMessage("string_nolist_EXC"),
    pattern: { string: "my-value" },
    path: "$.string",
    reason: '"string" must be an object or an array',
  },
  {
    name: "an empty array of values",
    source: recordedMessage("arrays_empty_EXC"),
    pattern: { resources: [] },
    path: "$.resources",
    reason: "Empty arrays are not allowed",
  },
  {
    name: "an array among the values",
    source: ruler("writeRules"),
    pattern: { source: [["aws.s3"]] },
    path: "$.source[0]",
    reason: "Match value must be String, number, true, false, or null",
  },
  {
    name: "a pattern longer than the event-pattern quota",
    source: { url: QUOTAS, section: "Event pattern", basis: "rule" },
    pattern: longPattern,
    path: "$",
    reason: `Event pattern is ${JSON.stringify(longPattern).length} characters, over EventBridge's quota of 2048`,
  },

  // Match expressions
  {
    name: "an empty match expression",
    source: ruler("processMatchExpression"),
    pattern: { source: [{}] },
    path: "$.source[0]",
    reason: "Match expression name not found",
  },
  {
    name: "an operator in the wrong case (EXISTS)",
    source: recordedMessage("operator_case_sensitive_EXC"),
    pattern: { my_key: [{ EXISTS: true }] },
    path: "$.my_key[0].EXISTS",
    reason: "Unrecognized match type EXISTS",
  },
  {
    name: "an operator in the wrong case (NUMERIC)",
    source: recordedMessage("content_numeric_operatorcasing_EXC"),
    pattern: { detail: { equal: [{ NUMERIC: ["=", 5] }] } },
    path: "$.detail.equal[0].NUMERIC",
    reason: "Unrecognized match type NUMERIC",
  },
  {
    name: "an operator EventBridge does not have",
    source: ruler("processMatchExpression"),
    pattern: { detail: { message: [{ contains: "error" }] } },
    path: "$.detail.message[0].contains",
    reason: "Unrecognized match type contains",
  },
  {
    name: "two operators in one expression",
    source: ruler("processMatchExpression"),
    pattern: { region: [{ prefix: "eu", suffix: "1" }] },
    path: "$.region[0].suffix",
    reason: "Only one key allowed in match expression",
  },

  // prefix, suffix, equals-ignore-case
  {
    name: "prefix given a number",
    source: recordedMessage("content_prefix_int_EXC"),
    pattern: { time: [{ prefix: 123 }] },
    path: "$.time[0].prefix",
    reason: "prefix match pattern must be a string",
  },
  {
    name: "prefix given a list",
    source: recordedMessage("content_prefix_list_EXC"),
    pattern: { time: [{ prefix: ["2022-07-13"] }] },
    path: "$.time[0].prefix",
    reason: "prefix match pattern must be a string",
  },
  {
    name: "suffix given a number",
    source: recordedMessage("content_suffix_int_EXC"),
    pattern: { FileName: [{ suffix: 123 }] },
    path: "$.FileName[0].suffix",
    reason: "suffix match pattern must be a string",
  },
  {
    name: "suffix given a list",
    source: recordedMessage("content_suffix_list_EXC"),
    pattern: { FileName: [{ suffix: [".png"] }] },
    path: "$.FileName[0].suffix",
    reason: "suffix match pattern must be a string",
  },
  {
    name: "prefix nesting an operator other than equals-ignore-case",
    source: ruler("processPrefixEqualsIgnoreCaseExpression"),
    pattern: { source: [{ prefix: { wildcard: "aws.*" } }] },
    path: "$.source[0].prefix.wildcard",
    reason: "Unsupported prefix pattern: wildcard",
  },
  {
    name: "prefix ignoring case given a number",
    source: ruler("processPrefixEqualsIgnoreCaseExpression"),
    pattern: { source: [{ prefix: { "equals-ignore-case": 5 } }] },
    path: "$.source[0].prefix.equals-ignore-case",
    reason: "equals-ignore-case match pattern must be a string",
  },
  {
    name: "equals-ignore-case given a list",
    source: recordedMessage("content_ignorecase_EXC"),
    pattern: { "detail-type": [{ "equals-ignore-case": ["ec2 instance state-change notification"] }] },
    path: "$.detail-type[0].equals-ignore-case",
    reason: "equals-ignore-case match pattern must be a string",
  },
  {
    name: "equals-ignore-case nesting prefix",
    source: recordedMessage("content_ignorecase_list_EXC"),
    pattern: { "detail-type": [{ "equals-ignore-case": { prefix: "ec2" } }] },
    path: "$.detail-type[0].equals-ignore-case",
    reason: "equals-ignore-case match pattern must be a string",
  },

  // wildcard
  {
    name: "wildcard given a number",
    source: recordedMessage("content_wildcard_int_EXC"),
    pattern: { EventBusArn: [{ wildcard: 123 }] },
    path: "$.EventBusArn[0].wildcard",
    reason: "wildcard match pattern must be a string",
  },
  {
    name: "wildcard given a list",
    source: recordedMessage("content_wildcard_list_EXC"),
    pattern: { EventBusArn: [{ wildcard: ["arn:aws:events:us-east-1:*:event-bus/*"] }] },
    path: "$.EventBusArn[0].wildcard",
    reason: "wildcard match pattern must be a string",
  },
  {
    name: "consecutive wildcards",
    source: recordedMessage("content_wildcard_repeating_star_EXC"),
    pattern: { EventBusArn: [{ wildcard: "arn:aws:events:us-east-1:**:event-bus/*" }] },
    path: "$.EventBusArn[0].wildcard",
    reason: "Consecutive wildcard characters at pos 26",
  },
  {
    name: "a backslash escaping something other than a star or a backslash",
    source: guide(OPERATORS, "Matching using wildcards", "rule"),
    pattern: { FilePath: [{ wildcard: "C:\\Users\\*" }] },
    path: "$.FilePath[0].wildcard",
    reason: "Invalid escape character at pos 3",
  },

  // exists
  {
    name: "exists given a string",
    source: ruler("processExistsExpression"),
    pattern: { detail: { state: [{ exists: "true" }] } },
    path: "$.detail.state[0].exists",
    reason: "exists match pattern must be either true or false.",
  },

  // numeric
  {
    name: "numeric given a number",
    source: ruler("processMatchExpression"),
    pattern: { detail: { "c-count": [{ numeric: 5 }] } },
    path: "$.detail.c-count[0].numeric",
    reason: "Value of numeric must be an array.",
  },
  {
    name: "numeric with two lower bounds",
    source: recordedMessage("content_numeric_EXC"),
    pattern: { detail: { "c-count": [{ numeric: [">", 0, ">", 0] }] } },
    path: "$.detail.c-count[0].numeric[2]",
    reason: "Bad numeric range operator: >",
  },
  {
    name: "numeric with an operator and no value",
    source: recordedMessage("content_numeric_syntax_EXC"),
    pattern: { detail: { "c-count": [{ numeric: [">", 0, "<"] }] } },
    path: "$.detail.c-count[0].numeric[3]",
    reason: "Value of < must be numeric",
  },
  {
    name: "numeric with an operator EventBridge does not have",
    source: ruler("processNumericMatchExpression"),
    pattern: { detail: { "c-count": [{ numeric: ["!=", 5] }] } },
    path: "$.detail.c-count[0].numeric[0]",
    reason: "Unrecognized numeric range operator: !=",
  },
  {
    name: "numeric with a name that is no operator, though every object has it",
    source: ruler("processNumericMatchExpression"),
    pattern: { detail: { "c-count": [{ numeric: ["toString", 5] }] } },
    path: "$.detail.c-count[0].numeric[0]",
    reason: "Unrecognized numeric range operator: toString",
  },
  {
    name: "numeric starting with a number",
    source: ruler("processNumericMatchExpression"),
    pattern: { detail: { "c-count": [{ numeric: [5, ">"] }] } },
    path: "$.detail.c-count[0].numeric[0]",
    reason: "Invalid member in numeric match: 5",
  },
  {
    name: "numeric with an empty array",
    source: ruler("processNumericMatchExpression"),
    pattern: { detail: { "c-count": [{ numeric: [] }] } },
    path: "$.detail.c-count[0].numeric[0]",
    reason: "Invalid member in numeric match: ]",
  },
  {
    name: "numeric comparing with a string",
    source: ruler("processNumericMatchExpression"),
    pattern: { detail: { "c-count": [{ numeric: ["=", "5"] }] } },
    path: "$.detail.c-count[0].numeric[1]",
    reason: "Value of equals must be numeric",
  },
  {
    name: "numeric with the upper bound first",
    source: ruler("processNumericMatchExpression"),
    pattern: { detail: { "c-count": [{ numeric: ["<", 10, ">", 0] }] } },
    path: "$.detail.c-count[0].numeric[2]",
    reason: "Too many elements in numeric expression",
  },
  {
    name: "numeric with a value where an operator belongs",
    source: ruler("completeNumericRange"),
    pattern: { detail: { "c-count": [{ numeric: [">", 0, 5] }] } },
    path: "$.detail.c-count[0].numeric[2]",
    reason: "Bad value in numeric range: 5",
  },
  {
    name: "numeric with more than a range",
    source: ruler("completeNumericRange"),
    pattern: { detail: { "c-count": [{ numeric: [">", 0, "<", 5, "<", 6] }] } },
    path: "$.detail.c-count[0].numeric[4]",
    reason: "Too many terms in numeric range expression",
  },
  {
    name: "numeric with an empty range",
    source: {
      url: `${RULER}/blob/main/src/main/software/amazon/event/ruler/Range.java`,
      section: "Range",
      basis: "engine",
    },
    pattern: { detail: { "c-count": [{ numeric: [">", 5, "<", 5] }] } },
    path: "$.detail.c-count[0].numeric",
    reason: "Bottom must be less than top",
  },

  // cidr
  {
    name: "cidr without a mask",
    source: recordedMessage("content_ip_address_EXC"),
    pattern: { detail: { sourceIPAddress: [{ cidr: "10.0.0.0" }] } },
    path: "$.detail.sourceIPAddress[0].cidr",
    reason: "Malformed CIDR, one '/' required",
  },
  {
    name: "cidr with a mask that is not an integer",
    source: recordedMessage("content_ip_address_bad_mask_EXC"),
    pattern: { detail: { sourceIPAddress: [{ cidr: "10.0.0.0/xx" }] } },
    path: "$.detail.sourceIPAddress[0].cidr",
    reason: "Malformed CIDR, mask bits must be an integer",
  },
  {
    name: "cidr with something other than an address",
    source: recordedMessage("content_ip_address_bad_ip_EXC"),
    pattern: { detail: { sourceIPAddress: [{ cidr: "xx.11.xx/24" }] } },
    path: "$.detail.sourceIPAddress[0].cidr",
    reason: "Nonstandard IP address: xx.11.xx",
  },
  {
    name: "cidr given a list",
    source: recordedMessage("content_ip_address_type_EXC"),
    pattern: { detail: { sourceIPAddress: [{ cidr: ["bad-type"] }] } },
    path: "$.detail.sourceIPAddress[0].cidr",
    reason: "prefix match pattern must be a string",
  },
  {
    name: "cidr with a whole-address IPv4 mask",
    source: {
      url: `${RULER}/blob/main/src/main/software/amazon/event/ruler/CIDR.java`,
      section: "cidr",
      basis: "engine",
    },
    pattern: { detail: { sourceIPAddress: [{ cidr: "10.0.0.1/32" }] } },
    path: "$.detail.sourceIPAddress[0].cidr",
    reason: "IPv4 mask bits must be < 32",
  },

  // anything-but
  {
    name: "anything-but null",
    source: recorded("content_anything_but_string_null_type_EXC"),
    pattern: { detail: { state: [{ "anything-but": null }] } },
    path: "$.detail.state[0].anything-but",
    reason: "Value of anything-but must be an array or single string/number value.",
  },
  {
    name: "anything-but a boolean",
    source: ruler("processMatchExpression"),
    pattern: { detail: { state: [{ "anything-but": true }] } },
    path: "$.detail.state[0].anything-but",
    reason: "Value of anything-but must be an array or single string/number value.",
  },
  {
    name: "anything-but a list holding null",
    source: recorded("content_anything_but_string_list_null_type_EXC"),
    pattern: { detail: { state: [{ "anything-but": ["stopped", null] }] } },
    path: "$.detail.state[0].anything-but[1]",
    reason: "Inside anything but list, start|null|boolean is not supported.",
  },
  {
    name: "anything-but a list of strings and numbers",
    source: ruler("processAnythingButListMatchExpression"),
    pattern: { detail: { state: [{ "anything-but": ["stopped", 404] }] } },
    path: "$.detail.state[0].anything-but",
    reason: "Inside anything but list, either all values are number or string, mixed type is not supported",
  },
  {
    name: "anything-but an empty list",
    source: ruler("processAnythingButListMatchExpression"),
    pattern: { detail: { state: [{ "anything-but": [] }] } },
    path: "$.detail.state[0].anything-but",
    reason: "Inside anything but list, either all values are number or string, mixed type is not supported",
  },
  {
    name: "anything-but nesting an operator it does not take",
    source: ruler("processMatchExpression"),
    pattern: { detail: { count: [{ "anything-but": { numeric: [">", 5] } }] } },
    path: "$.detail.count[0].anything-but.numeric",
    reason: "Unsupported anything-but pattern: numeric",
  },
  {
    name: "anything-but nesting a name that is no operator, though every object has it",
    source: ruler("processMatchExpression"),
    pattern: { detail: { state: [{ "anything-but": { constructor: "x" } }] } },
    path: "$.detail.state[0].anything-but.constructor",
    reason: "Unsupported anything-but pattern: constructor",
  },
  {
    name: "anything-but an empty object",
    source: ruler("processMatchExpression"),
    pattern: { detail: { state: [{ "anything-but": {} }] } },
    path: "$.detail.state[0].anything-but",
    reason: "Anything-But expression name not found",
  },
  {
    name: "anything-but a prefix ignoring case",
    source: recordedMessage("content_anything_prefix_ignorecase_EXC"),
    pattern: { detail: { FileName: [{ "anything-but": { prefix: { "equals-ignore-case": "file" } } }] } },
    path: "$.detail.FileName[0].anything-but.prefix",
    reason: "Value of anything-but must be an array or single string/number value.",
  },
  {
    name: "anything-but a suffix ignoring case",
    source: recordedMessage("content_anything_suffix_ignorecase_EXC"),
    pattern: { detail: { FileName: [{ "anything-but": { suffix: { "equals-ignore-case": ".png" } } }] } },
    path: "$.detail.FileName[0].anything-but.suffix",
    reason: "Value of anything-but must be an array or single string/number value.",
  },
  {
    name: "anything-but a prefix given a number",
    source: recordedMessage("content_anything_prefix_int_EXC"),
    pattern: { detail: { state: [{ "anything-but": { prefix: 123 } }] } },
    path: "$.detail.state[0].anything-but.prefix",
    reason: "prefix/suffix match pattern must be a string",
  },
  {
    name: "anything-but a list of prefixes holding a number",
    source: recordedMessage("content_anything_prefix_list_type_EXC"),
    pattern: { detail: { state: [{ "anything-but": { prefix: [123, "test"] } }] } },
    path: "$.detail.state[0].anything-but.prefix[0]",
    reason: "prefix/suffix match pattern must be a string",
  },
  {
    name: "anything-but a suffix given a number",
    source: recordedMessage("content_anything_suffix_int_EXC"),
    pattern: { detail: { FileName: [{ "anything-but": { suffix: 123 } }] } },
    path: "$.detail.FileName[0].anything-but.suffix",
    reason: "prefix/suffix match pattern must be a string",
  },
  {
    name: "anything-but a list of suffixes holding a number",
    source: recordedMessage("content_anything_suffix_list_type_EXC"),
    pattern: { detail: { FileName: [{ "anything-but": { suffix: [123, ".txt"] } }] } },
    path: "$.detail.FileName[0].anything-but.suffix[0]",
    reason: "prefix/suffix match pattern must be a string",
  },
  {
    name: "anything-but an empty prefix",
    source: recorded("content_anything_prefix_empty_EXC"),
    pattern: { detail: { FileName: [{ "anything-but": { prefix: "" } }] } },
    path: "$.detail.FileName[0].anything-but.prefix",
    reason: "Null prefix/suffix not allowed",
  },
  {
    name: "anything-but an empty suffix",
    source: recorded("content_anything_suffix_empty_EXC"),
    pattern: { detail: { FileName: [{ "anything-but": { suffix: "" } }] } },
    path: "$.detail.FileName[0].anything-but.suffix",
    reason: "Null prefix/suffix not allowed",
  },
  {
    name: "anything-but ignoring case given a number",
    source: recordedMessage("content_anything_but_ignorecase_EXC"),
    pattern: { detail: { state: [{ "anything-but": { "equals-ignore-case": 123 } }] } },
    path: "$.detail.state[0].anything-but.equals-ignore-case",
    reason: "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.",
  },
  {
    name: "anything-but ignoring case given a list of numbers",
    source: recordedMessage("content_anything_but_ignorecase_list_EXC"),
    pattern: { detail: { state: [{ "anything-but": { "equals-ignore-case": [123, 456] } }] } },
    path: "$.detail.state[0].anything-but.equals-ignore-case[0]",
    reason: "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.",
  },
  {
    name: "anything-but a wildcard given a number",
    source: recordedMessage("content_anything_wildcard_type_EXC"),
    pattern: { detail: { FilePath: [{ "anything-but": { wildcard: 123 } }] } },
    path: "$.detail.FilePath[0].anything-but.wildcard",
    reason: "wildcard match pattern must be a string",
  },
  {
    name: "anything-but a list of wildcards holding a number",
    source: recordedMessage("content_anything_wildcard_list_type_EXC"),
    pattern: { detail: { state: [{ "anything-but": { wildcard: [123, "*/dir/*"] } }] } },
    path: "$.detail.state[0].anything-but.wildcard[0]",
    reason: "wildcard match pattern must be a string",
  },
  {
    name: "anything-but a wildcard with consecutive stars",
    source: guide(OPERATORS, "Matching using wildcards", "rule"),
    pattern: { detail: { FilePath: [{ "anything-but": { wildcard: "**/lib" } }] } },
    path: "$.detail.FilePath[0].anything-but.wildcard",
    reason: "Consecutive wildcard characters at pos 1",
  },
  {
    name: "anything-but with a second operator beside it",
    source: ruler("processMatchExpression"),
    pattern: { detail: { state: [{ "anything-but": "stopped", prefix: "s" }] } },
    path: "$.detail.state[0].prefix",
    reason: "Too many elements in numeric expression",
  },

  // $or
  {
    name: "$or with one alternative",
    source: ruler("parseIntoOrRelationship"),
    pattern: { $or: [{ source: ["aws.s3"] }] },
    path: "$.$or",
    reason: "There must have at least 2 Objects in $or relationship.",
  },
  {
    name: "$or holding something other than patterns",
    source: ruler("parseIntoOrRelationship"),
    pattern: { $or: [{ source: ["aws.s3"] }, "aws.chime"] },
    path: "$.$or[1]",
    reason: "Only JSON object is allowed in array of $or relationship.",
  },
  {
    name: "$or given an object",
    source: ruler("parseIntoOrRelationship"),
    pattern: { $or: { source: ["aws.s3"] } },
    path: "$.$or",
    reason: "It must be an Array followed with $or.",
  },
  {
    name: "$or alternatives naming an operator as a field",
    source: rulerReadme('The "$or" Primitive'),
    pattern: { detail: { $or: [{ numeric: [123] }, { prefix: ["abc"] }] } },
    path: "$.detail.$or[0].numeric",
    reason: "numeric is Ruler reserved fieldName which cannot be used inside $or.",
  },
];

/** Patterns EventBridge accepts whose matching it does not document: the local matcher refuses to guess. */
export const unsupportedCases: { name: string; pattern: unknown; path: string }[] = [
  {
    name: "exactly, Event Ruler's operator EventBridge does not document",
    pattern: { source: [{ exactly: "aws.s3" }] },
    path: "$.source[0].exactly",
  },
  {
    name: "anything-but an empty list of prefixes",
    pattern: { source: [{ "anything-but": { prefix: [] } }] },
    path: "$.source[0].anything-but.prefix",
  },
];
