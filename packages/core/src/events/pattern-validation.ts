/**
 * EventBridge's grammar of event patterns, checked as PutRule checks it, and compiled into the form
 * {@link matches} evaluates. A pattern EventBridge would refuse is refused here with EventBridge's own reason
 * (the text after "Event pattern is not valid. Reason: " in its InvalidEventPatternException), so a rule that
 * passes locally also deploys.
 *
 * Sources: the user guide's pages on event patterns
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern.html and
 * eb-create-pattern-operators.html), the refusals recorded on EventBridge in `pattern-cases.fixture.ts`, and,
 * for wording the guide does not give, Event Ruler (github.com/aws/event-ruler, `JsonRuleCompiler`), the open
 * source engine behind EventBridge's matching.
 */
import { addressInRange, cidrRange } from "./cidr.js";
import type { EventPattern } from "./match.js";
import { wildcardFault, wildcardRegExp } from "./wildcard.js";

/**
 * EventBridge's default quota on the length of an event pattern, in characters; it can be raised to 4096 on
 * request (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html). Measured on the pattern's
 * compact JSON, the shortest form it can be sent in.
 */
export const MAX_EVENT_PATTERN_LENGTH = 2048;

/** Where in a pattern a fault is (a JSON path: `$`, `$.detail.state[0].prefix`) and why. */
export interface PatternFault {
  path: string;
  reason: string;
}

/**
 * A pattern EventBridge refuses when the rule is created (InvalidEventPatternException); `reason` is
 * EventBridge's wording.
 *
 * @example
 * try { validatePattern(pattern) } catch (e) { if (e instanceof InvalidEventPatternError) console.error(e.path, e.reason) }
 */
export class InvalidEventPatternError extends Error {
  override name = "InvalidEventPatternError";
  readonly path: string;
  readonly reason: string;

  constructor({ path, reason }: PatternFault) {
    super(`invalid event pattern at ${path}: ${reason}`);
    this.path = path;
    this.reason = reason;
  }
}

/**
 * A pattern EventBridge accepts but whose matching is not documented, so the local matcher will not guess at
 * it; a programming error in a pattern, not bad input.
 *
 * @example
 * matches({ id: [{ exactly: "x" }] } as never, event); // throws UnsupportedPatternError
 */
export class UnsupportedPatternError extends Error {
  override name = "UnsupportedPatternError";
  readonly path: string;
  readonly reason: string;

  constructor({ path, reason }: PatternFault) {
    super(`event pattern at ${path} is not supported by the local matcher: ${reason}`);
    this.path = path;
    this.reason = reason;
  }
}

/** A JSON leaf: what a pattern compares and what an event's fields are flattened to. */
export type Leaf = string | number | boolean | null;

/** One field of a compiled pattern: its matchers, of which any one must hold (OR). */
export interface CompiledField {
  /** Value tests; a value at the field's path that passes one matches. */
  readonly tests: readonly ((value: Leaf) => boolean)[];
  /** `{ "exists": true }`: any value at the path matches. */
  readonly whenPresent: boolean;
  /** `{ "exists": false }`: the field matches when the event has no value at the path. */
  readonly whenAbsent: boolean;
}

/** A pattern as EventBridge compiles it: alternatives (one per `$or` choice), each a map from dotted path to field. */
export interface CompiledPattern {
  readonly branches: readonly ReadonlyMap<string, CompiledField>[];
  /** Every dotted path the pattern names, in any branch. */
  readonly paths: ReadonlySet<string>;
}

/**
 * Checks a rule's event pattern as EventBridge's PutRule does; returns when EventBridge would accept it.
 *
 * @example
 * validatePattern({ source: ["aws.s3"], detail: { object: { key: [{ prefix: "" }] } } }); // accepted
 * validatePattern({ resources: [] }); // throws InvalidEventPatternError: $.resources, Empty arrays are not allowed
 */
export function validatePattern(pattern: unknown): asserts pattern is EventPattern {
  compilePattern(pattern);
}

/**
 * Validates a pattern (as {@link validatePattern}) and compiles it for matching.
 *
 * @example
 * compilePattern({ detail: { "state.status": ["running"] } }).paths; // Set { "detail.state.status" }
 */
export function compilePattern(pattern: unknown): CompiledPattern {
  if (!isObject(pattern)) refuse("$", "Filter is not an object");
  const length = JSON.stringify(pattern).length;
  if (length > MAX_EVENT_PATTERN_LENGTH) {
    refuse(
      "$",
      `Event pattern is ${length} characters, over EventBridge's quota of ${MAX_EVENT_PATTERN_LENGTH}`,
    );
  }
  const branches = compileObject(pattern, { json: "$", field: "", insideOr: false }, [new Map()]);
  return { branches, paths: new Set(branches.flatMap((branch) => [...branch.keys()])) };
}

type Branch = Map<string, CompiledField>;

interface Place {
  /** The JSON path in the pattern, for errors. */
  json: string;
  /** The dotted field path in the event: EventBridge joins nested keys with `.`, so `a.b` and `a: { b }` agree. */
  field: string;
  insideOr: boolean;
}

/** Field names Event Ruler reserves inside `$or` alternatives (`Constants.RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP`). */
const RESERVED_IN_OR = new Set([
  ...["exactly", "equals-ignore-case", "prefix", "suffix", "anything-but", "exists", "wildcard", "numeric"],
  ...["cidr", "html", "=", "<", "<=", ">", ">=", "regex", "not-wildcard", "not-equals-ignore-case"],
  ...["date-after", "date-on-or-after", "date-before", "date-on-or-before", "in-date-range"],
  ...["ip-address-in-range", "ip-address-not-in-range"],
]);

/** Fields are written into every current branch; a field named again on the same path replaces it (last wins). */
function compileObject(object: Record<string, unknown>, place: Place, branches: Branch[]): Branch[] {
  const entries = Object.entries(object);
  if (entries.length === 0) refuse(place.json, "Empty objects are not allowed");
  let current = branches;
  for (const [key, node] of entries) {
    const json = member(place.json, key);
    if (key === "$or") {
      current = compileOr(node, { ...place, json }, current);
      continue;
    }
    if (place.insideOr && RESERVED_IN_OR.has(key)) {
      refuse(json, `${key} is Ruler reserved fieldName which cannot be used inside $or.`);
    }
    const field = place.field === "" ? key : `${place.field}.${key}`;
    if (Array.isArray(node)) {
      const compiled = compileField(node, json);
      for (const branch of current) branch.set(field, compiled);
    } else if (isObject(node)) {
      current = compileObject(node, { json, field, insideOr: place.insideOr }, current);
    } else {
      refuse(json, `"${key}" must be an object or an array`);
    }
  }
  return current;
}

function compileOr(node: unknown, place: Place, branches: Branch[]): Branch[] {
  if (!Array.isArray(node)) refuse(place.json, "It must be an Array followed with $or.");
  const alternatives = node.flatMap((alternative, index) => {
    const json = `${place.json}[${index}]`;
    if (!isObject(alternative)) refuse(json, "Only JSON object is allowed in array of $or relationship.");
    const copies = branches.map((branch) => new Map(branch));
    return compileObject(alternative, { json, field: place.field, insideOr: true }, copies);
  });
  if (node.length < 2) refuse(place.json, "There must have at least 2 Objects in $or relationship.");
  return alternatives;
}

function compileField(matchers: unknown[], json: string): CompiledField {
  if (matchers.length === 0) refuse(json, "Empty arrays are not allowed");
  const tests: ((value: Leaf) => boolean)[] = [];
  let whenPresent = false;
  let whenAbsent = false;
  matchers.forEach((matcher, index) => {
    const at = `${json}[${index}]`;
    if (isObject(matcher)) {
      const compiled = compileExpression(matcher, at);
      if (typeof compiled === "function") tests.push(compiled);
      else if (compiled.exists) whenPresent = true;
      else whenAbsent = true;
    } else if (isLeaf(matcher)) {
      tests.push((value) => value === matcher);
    } else {
      refuse(at, "Match value must be String, number, true, false, or null");
    }
  });
  return { tests, whenPresent, whenAbsent };
}

type Test = (value: Leaf) => boolean;

/** One `{ operator: operand }` object. Its operand is read before a second key is looked at, as EventBridge does. */
function compileExpression(expression: Record<string, unknown>, json: string): Test | { exists: boolean } {
  const [first, second] = Object.entries(expression);
  if (!first) refuse(json, "Match expression name not found");
  const [operator, operand] = first;
  const at = member(json, operator);
  const compiled = compileOperator(operator, operand, at);
  if (second) {
    const tooMany = operator === "numeric" || operator === "anything-but";
    // EventBridge's wording for numeric and anything-but, whose parser reaches a different guard.
    refuse(
      member(json, second[0]),
      tooMany ? "Too many elements in numeric expression" : "Only one key allowed in match expression",
    );
  }
  return compiled;
}

function compileOperator(operator: string, operand: unknown, at: string): Test | { exists: boolean } {
  switch (operator) {
    case "prefix":
    case "suffix":
      return compileAffix(operator, operand, at);
    case "equals-ignore-case": {
      const text = requireString(operand, at, "equals-ignore-case match pattern must be a string");
      return (value) => typeof value === "string" && foldCase(value) === foldCase(text);
    }
    case "wildcard": {
      const regExp = compileWildcard(operand, at);
      return (value) => typeof value === "string" && regExp.test(value);
    }
    case "numeric":
      return compileNumeric(operand, at);
    case "exists":
      if (typeof operand !== "boolean") refuse(at, "exists match pattern must be either true or false.");
      return { exists: operand };
    case "cidr": {
      // "prefix" is EventBridge's own wording for a cidr operand that is not a string.
      const compiled = cidrRange(requireString(operand, at, "prefix match pattern must be a string"));
      if ("reason" in compiled) refuse(at, compiled.reason);
      return (value) => typeof value === "string" && addressInRange(value, compiled.range);
    }
    case "anything-but":
      return compileAnythingBut(operand, at);
    case "exactly":
      return unsupported(at, "exactly is Event Ruler's, not a documented EventBridge operator");
  }
  return refuse(at, `Unrecognized match type ${operator}`);
}

/** `prefix` or `suffix`: a string (an empty one matches any string), or `{ "equals-ignore-case": string }`. */
function compileAffix(operator: "prefix" | "suffix", operand: unknown, at: string): Test {
  const affixOf = operator === "prefix" ? startsWith : endsWith;
  if (!isObject(operand)) {
    const affix = requireString(operand, at, `${operator} match pattern must be a string`);
    return (value) => typeof value === "string" && affixOf(value, affix);
  }
  const [first, second] = Object.entries(operand);
  const named = operator === "prefix" ? "Prefix" : "Suffix";
  if (!first) refuse(at, `${named} expression name not found`);
  const [inner, text] = first;
  if (inner !== "equals-ignore-case") refuse(member(at, inner), `Unsupported ${operator} pattern: ${inner}`);
  const affix = foldCase(
    requireString(text, member(at, inner), "equals-ignore-case match pattern must be a string"),
  );
  if (second) refuse(member(at, second[0]), "Only one key allowed in match expression");
  return (value) => typeof value === "string" && affixOf(foldCase(value), affix);
}

function compileWildcard(operand: unknown, at: string): RegExp {
  const wildcard = requireString(operand, at, "wildcard match pattern must be a string");
  const fault = wildcardFault(wildcard);
  if (fault) refuse(at, fault);
  return wildcardRegExp(wildcard);
}

const COMPARISONS = new Map<string, (value: number, bound: number) => boolean>([
  ["=", (value, bound) => value === bound],
  ["<", (value, bound) => value < bound],
  ["<=", (value, bound) => value <= bound],
  [">", (value, bound) => value > bound],
  [">=", (value, bound) => value >= bound],
]);

/**
 * `numeric` is a small grammar, not a list of pairs: one comparison, or a lower bound (`>`, `>=`) followed by an
 * upper bound (`<`, `<=`). It matches JSON numbers only.
 */
function compileNumeric(operand: unknown, at: string): Test {
  if (!Array.isArray(operand)) refuse(at, "Value of numeric must be an array.");
  const [operator, bound, upperOperator, upperBound] = operand as unknown[];
  if (typeof operator !== "string")
    refuse(`${at}[0]`, `Invalid member in numeric match: ${tokenText(operator)}`);
  const compare = COMPARISONS.get(operator);
  if (!compare) refuse(`${at}[0]`, `Unrecognized numeric range operator: ${operator}`);
  if (!isNumber(bound))
    refuse(`${at}[1]`, `Value of ${operator === "=" ? "equals" : operator} must be numeric`);
  if (operand.length === 2) return (value) => typeof value === "number" && compare(value, bound);
  if (operator !== ">" && operator !== ">=") refuse(`${at}[2]`, "Too many elements in numeric expression");
  if (typeof upperOperator !== "string")
    refuse(`${at}[2]`, `Bad value in numeric range: ${tokenText(upperOperator)}`);
  const compareUpper =
    upperOperator === "<" || upperOperator === "<=" ? COMPARISONS.get(upperOperator) : undefined;
  if (!compareUpper) refuse(`${at}[2]`, `Bad numeric range operator: ${upperOperator}`);
  if (!isNumber(upperBound)) refuse(`${at}[3]`, `Value of ${upperOperator} must be numeric`);
  if (operand.length > 4) refuse(`${at}[4]`, "Too many terms in numeric range expression");
  if (!(bound < upperBound)) refuse(at, "Bottom must be less than top");
  return (value) => typeof value === "number" && compare(value, bound) && compareUpper(value, upperBound);
}

const NESTED_TYPE_REASONS = new Map([
  ["prefix", "prefix/suffix match pattern must be a string"],
  ["suffix", "prefix/suffix match pattern must be a string"],
  [
    "equals-ignore-case",
    "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.",
  ],
  ["wildcard", "wildcard match pattern must be a string"],
]);

/**
 * `anything-but`: a string or number, a list of only strings or only numbers, or one of `prefix`, `suffix`,
 * `equals-ignore-case` and `wildcard` with a string or a list of strings. It matches every value at the path
 * that is not excluded, null, booleans and numbers included, but never an absent field.
 */
function compileAnythingBut(operand: unknown, at: string): Test {
  if (isObject(operand)) return compileNestedAnythingBut(operand, at);
  if (Array.isArray(operand)) {
    operand.forEach((excluded, index) => {
      if (typeof excluded !== "string" && !isNumber(excluded)) {
        refuse(`${at}[${index}]`, "Inside anything but list, start|null|boolean is not supported.");
      }
    });
    const strings = operand.filter((excluded) => typeof excluded === "string").length;
    if (strings === 0 ? operand.length === 0 : strings !== operand.length) {
      refuse(
        at,
        "Inside anything but list, either all values are number or string, mixed type is not supported",
      );
    }
    return (value) => !operand.includes(value);
  }
  if (typeof operand !== "string" && !isNumber(operand)) {
    refuse(at, "Value of anything-but must be an array or single string/number value.");
  }
  return (value) => value !== operand;
}

function compileNestedAnythingBut(operand: Record<string, unknown>, at: string): Test {
  const [first, second] = Object.entries(operand);
  if (!first) refuse(at, "Anything-But expression name not found");
  const [inner, excluded] = first;
  const reason = NESTED_TYPE_REASONS.get(inner);
  if (!reason) refuse(member(at, inner), `Unsupported anything-but pattern: ${inner}`);
  const innerAt = member(at, inner);
  if (!Array.isArray(excluded) && typeof excluded !== "string" && !isNumber(excluded)) {
    refuse(innerAt, "Value of anything-but must be an array or single string/number value.");
  }
  const listed: unknown[] = Array.isArray(excluded) ? excluded : [excluded];
  if (listed.length === 0)
    unsupported(innerAt, "EventBridge accepts an empty list here but does not document its matching");
  const texts = listed.map((text, index) => {
    const textAt = Array.isArray(excluded) ? `${innerAt}[${index}]` : innerAt;
    if (typeof text !== "string") refuse(textAt, reason);
    if ((inner === "prefix" || inner === "suffix") && text === "")
      refuse(textAt, "Null prefix/suffix not allowed");
    return { text, at: textAt };
  });
  const regExps =
    inner === "wildcard" ? texts.map(({ text, at: textAt }) => compileWildcard(text, textAt)) : [];
  if (second) refuse(member(at, second[0]), "Too many elements in numeric expression");
  const strings = texts.map(({ text }) => (inner === "equals-ignore-case" ? foldCase(text) : text));
  const isExcluded: (value: string) => boolean =
    inner === "prefix"
      ? (value) => strings.some((prefix) => value.startsWith(prefix))
      : inner === "suffix"
        ? (value) => strings.some((suffix) => value.endsWith(suffix))
        : inner === "wildcard"
          ? (value) => regExps.some((regExp) => regExp.test(value))
          : (value) => strings.includes(foldCase(value));
  return (value) => typeof value !== "string" || !isExcluded(value);
}

function startsWith(value: string, prefix: string): boolean {
  return value.startsWith(prefix);
}

function endsWith(value: string, suffix: string): boolean {
  return value.endsWith(suffix);
}

function foldCase(text: string): string {
  return text.toLowerCase();
}

function requireString(operand: unknown, at: string, reason: string): string {
  if (typeof operand !== "string") refuse(at, reason);
  return operand;
}

function isNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** How EventBridge names an unexpected token in a numeric operand: its JSON text, or the bracket that opens it. */
function tokenText(value: unknown): string {
  if (Array.isArray(value)) return "[";
  if (isObject(value)) return "{";
  return value === undefined ? "]" : String(value);
}

/** A JSON path step: `.name` for plain names, `["a.b"]` for any other. */
function member(path: string, key: string): string {
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * Whether a value is a JSON object (not an array, not null).
 *
 * @example
 * isObject({ source: ["aws.s3"] }); // true
 */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Whether a value is a JSON leaf: a string, a finite number, a boolean or null.
 *
 * @example
 * isLeaf(null); // true
 */
export function isLeaf(value: unknown): value is Leaf {
  return value === null || typeof value === "string" || typeof value === "boolean" || isNumber(value);
}

function refuse(path: string, reason: string): never {
  throw new InvalidEventPatternError({ path, reason });
}

function unsupported(path: string, reason: string): never {
  throw new UnsupportedPatternError({ path, reason });
}
