/**
 * EventBridge event-pattern matching, for the operators the rule patterns use and the common ones around them.
 * Lets local routing and tests answer "would EventBridge deliver this event to that rule?" from the same pattern
 * data the stacks deploy.
 *
 * Semantics (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html):
 * - Every field of a pattern must match (AND); a field the pattern does not name is ignored.
 * - A field whose pattern is an array matches when the event's value matches any element of the array (OR);
 *   when the event's value is itself an array, it matches when any of its elements does.
 * - A field whose pattern is an object matches the event's object at that field, field by field; against an
 *   array of objects it matches when any element does.
 * - `$or` holds patterns of which at least one must match the object it sits in.
 * - Comparisons apply to leaf values only (strings, numbers, booleans, null): an object never equals a value.
 * - A field absent from the event (or an empty array) matches only `{ "exists": false }`; in particular
 *   `anything-but` does not match an absent field.
 *
 * Not supported (rejected with {@link UnsupportedPatternError}): `cidr`, `$not`, and `numeric` with other than
 * the five comparison operators.
 */

/** A leaf matcher: an exact value or one operator object. */
export type Matcher =
  | string
  | number
  | boolean
  | null
  | { readonly prefix: string | { readonly "equals-ignore-case": string } }
  | { readonly suffix: string | { readonly "equals-ignore-case": string } }
  | { readonly "equals-ignore-case": string }
  | { readonly wildcard: string }
  | { readonly exists: boolean }
  | { readonly numeric: readonly (string | number)[] }
  | {
      readonly "anything-but":
        | string
        | number
        | readonly (string | number)[]
        | { readonly prefix: string }
        | { readonly suffix: string }
        | { readonly "equals-ignore-case": string | readonly string[] }
        | { readonly wildcard: string };
    };

/** An EventBridge event pattern, as plain JSON. `$or` holds an array of patterns; other arrays hold matchers. */
export interface EventPattern {
  readonly [field: string]: EventPattern | readonly Matcher[] | readonly EventPattern[];
}

/** A pattern uses an operator this matcher does not implement; a programming error, not bad input. */
export class UnsupportedPatternError extends Error {
  override name = "UnsupportedPatternError";
}

/**
 * Whether EventBridge would match `event` against `pattern`.
 *
 * @example
 * matches({ source: ["aws.chime"], detail: { eventType: [{ prefix: "chime:Attendee" }] } }, event);
 */
export function matches(pattern: EventPattern, event: unknown): boolean {
  return matchObject(pattern, event);
}

const ABSENT = Symbol("absent");
type Value = unknown | typeof ABSENT;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function matchObject(pattern: EventPattern, value: unknown): boolean {
  for (const [field, node] of Object.entries(pattern)) {
    if (field === "$or") {
      if (!Array.isArray(node)) throw new UnsupportedPatternError("$or must be an array of patterns");
      if (!(node as readonly EventPattern[]).some((alternative) => matchObject(alternative, value)))
        return false;
      continue;
    }
    const fieldValue: Value = isObject(value) && Object.hasOwn(value, field) ? value[field] : ABSENT;
    const matched = Array.isArray(node)
      ? matchLeaf(node as readonly Matcher[], fieldValue)
      : matchNested(node as EventPattern, fieldValue);
    if (!matched) return false;
  }
  return true;
}

function matchNested(pattern: EventPattern, value: Value): boolean {
  if (Array.isArray(value)) return value.some((element) => matchNested(pattern, element));
  return matchObject(pattern, value === ABSENT ? undefined : value);
}

function matchLeaf(matchers: readonly Matcher[], value: Value): boolean {
  const values = value === ABSENT ? [] : Array.isArray(value) ? value : [value];
  return matchers.some((matcher) => {
    if (isObject(matcher) && "exists" in matcher) {
      const present = values.some(isLeaf);
      return matcher.exists === true ? present : values.length === 0;
    }
    return values.some((element) => matchValue(matcher, element));
  });
}

function isLeaf(value: unknown): value is string | number | boolean | null {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

function matchValue(matcher: Matcher, value: unknown): boolean {
  if (!isLeaf(value)) return false;
  if (!isObject(matcher)) return matcher === value;
  const entries = Object.entries(matcher);
  const [operator, operand] = entries[0] ?? [];
  if (entries.length !== 1 || operator === undefined) {
    throw new UnsupportedPatternError("a matcher object must hold exactly one operator");
  }
  switch (operator) {
    case "prefix":
      return typeof value === "string" && affix(operand, value, (v, s) => v.startsWith(s));
    case "suffix":
      return typeof value === "string" && affix(operand, value, (v, s) => v.endsWith(s));
    case "equals-ignore-case":
      return typeof value === "string" && foldCase(value) === foldCase(String(operand));
    case "wildcard":
      return typeof value === "string" && wildcardRegExp(String(operand)).test(value);
    case "numeric":
      return typeof value === "number" && numeric(operand as readonly (string | number)[], value);
    case "anything-but":
      return anythingBut(operand, value);
    default:
      throw new UnsupportedPatternError(`unsupported pattern operator ${operator}`);
  }
}

function affix(operand: unknown, value: string, test: (value: string, affix: string) => boolean): boolean {
  if (typeof operand === "string") return test(value, operand);
  if (isObject(operand) && typeof operand["equals-ignore-case"] === "string") {
    return test(foldCase(value), foldCase(operand["equals-ignore-case"]));
  }
  throw new UnsupportedPatternError("prefix and suffix take a string or { equals-ignore-case }");
}

function foldCase(value: string): string {
  return value.toLowerCase();
}

function anythingBut(operand: unknown, value: string | number | boolean | null): boolean {
  if (typeof operand === "string" || typeof operand === "number") return value !== operand;
  if (Array.isArray(operand)) return !operand.includes(value);
  if (isObject(operand)) {
    if (typeof value !== "string") return false;
    const [operator, inner] = Object.entries(operand)[0] ?? [];
    switch (operator) {
      case "prefix":
        return !value.startsWith(String(inner));
      case "suffix":
        return !value.endsWith(String(inner));
      case "equals-ignore-case": {
        const excluded = (Array.isArray(inner) ? inner : [inner]).map((v) => foldCase(String(v)));
        return !excluded.includes(foldCase(value));
      }
      case "wildcard":
        return !wildcardRegExp(String(inner)).test(value);
    }
  }
  throw new UnsupportedPatternError("unsupported anything-but operand");
}

const NUMERIC_OPERATORS: Record<string, (value: number, bound: number) => boolean> = {
  "=": (v, b) => v === b,
  "<": (v, b) => v < b,
  "<=": (v, b) => v <= b,
  ">": (v, b) => v > b,
  ">=": (v, b) => v >= b,
};

function numeric(conditions: readonly (string | number)[], value: number): boolean {
  if (!Array.isArray(conditions) || conditions.length === 0 || conditions.length % 2 !== 0) {
    throw new UnsupportedPatternError("numeric takes operator/number pairs");
  }
  for (let i = 0; i < conditions.length; i += 2) {
    const compare = NUMERIC_OPERATORS[String(conditions[i])];
    const bound = conditions[i + 1];
    if (!compare || typeof bound !== "number") {
      throw new UnsupportedPatternError("numeric takes operator/number pairs");
    }
    if (!compare(value, bound)) return false;
  }
  return true;
}

const wildcards = new Map<string, RegExp>();

/** `*` matches any run of characters (slashes included); `\*` is a literal star and `\\` a literal backslash. */
function wildcardRegExp(wildcard: string): RegExp {
  let compiled = wildcards.get(wildcard);
  if (!compiled) {
    let source = "";
    for (let i = 0; i < wildcard.length; i++) {
      const char = wildcard[i] as string;
      if (char === "\\" && (wildcard[i + 1] === "*" || wildcard[i + 1] === "\\")) {
        source += `\\${wildcard[++i]}`;
      } else if (char === "*") {
        source += ".*";
      } else {
        source += char.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
      }
    }
    compiled = new RegExp(`^${source}$`, "s");
    wildcards.set(wildcard, compiled);
  }
  return compiled;
}
