/**
 * EventBridge event-pattern matching, for every documented operator. Lets local routing and tests answer "would
 * EventBridge deliver this event to that rule?" from the same pattern data the stacks deploy; the golden cases
 * in `pattern-cases.fixture.ts` say where each behaviour is documented or recorded.
 *
 * Semantics (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern.html and the pages
 * beside it):
 * - A pattern is validated first, as PutRule validates it (`validatePattern`): nothing EventBridge would refuse
 *   is ever matched.
 * - Nested keys are joined with `.` in pattern and event alike, so `{ "a": { "b": ... } }` and `{ "a.b": ... }`
 *   name the same field; a field named twice keeps its last matchers.
 * - Every field of a pattern must match (AND); a field the pattern does not name is ignored. A field matches when
 *   one of the event's values at its path passes one of its matchers (OR); an array contributes each element.
 * - Two fields never match values taken from different elements of the same array of objects (Event Ruler's
 *   array-consistent matching, github.com/aws/event-ruler, "JSON Array Matching").
 * - Only leaf values (strings, numbers, booleans, null) are values: an object or an empty array is no value, so
 *   such a field matches only `{ "exists": false }`.
 * - `$or` holds patterns of which at least one must match, together with the fields beside it.
 */
import { type CompiledField, compilePattern, isLeaf, isObject, type Leaf } from "./pattern-validation.js";

type Exclusions = string | readonly string[];

/** A leaf matcher: an exact value or one operator object, in the forms EventBridge documents. */
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
  | { readonly cidr: string }
  | {
      readonly "anything-but":
        | string
        | number
        | readonly string[]
        | readonly number[]
        | { readonly prefix: Exclusions }
        | { readonly suffix: Exclusions }
        | { readonly "equals-ignore-case": Exclusions }
        | { readonly wildcard: Exclusions };
    };

/** An EventBridge event pattern, as plain JSON. `$or` holds an array of patterns; other arrays hold matchers. */
export interface EventPattern {
  readonly [field: string]: EventPattern | readonly Matcher[] | readonly EventPattern[];
}

/**
 * Whether EventBridge would match `event` against `pattern`. Throws `InvalidEventPatternError` for a pattern
 * EventBridge refuses and `UnsupportedPatternError` for one whose matching is undocumented.
 *
 * @example
 * matches({ source: ["aws.chime"], detail: { eventType: [{ prefix: "chime:Attendee" }] } }, event);
 */
export function matches(pattern: EventPattern, event: unknown): boolean {
  const { branches, paths } = compilePattern(pattern);
  const values = eventValues(event, paths);
  return branches.some((branch) => matchBranch(branch, values));
}

/** A leaf of the event, and the element of each enclosing array it sits in (array id, index). */
interface Occurrence {
  readonly value: Leaf;
  readonly elements: readonly (readonly [number, number])[];
}

/** The event's leaves at the paths the pattern names, by dotted path. A non-object event has none. */
function eventValues(event: unknown, paths: ReadonlySet<string>): Map<string, Occurrence[]> {
  const named = [...paths];
  const found = new Map<string, Occurrence[]>();
  let arrays = 0;
  const visit = (node: unknown, path: string, elements: Occurrence["elements"]): void => {
    if (Array.isArray(node)) {
      const array = arrays++;
      for (const [index, element] of node.entries()) visit(element, path, [...elements, [array, index]]);
    } else if (isObject(node)) {
      for (const [key, child] of Object.entries(node)) {
        const childPath = path === "" ? key : `${path}.${key}`;
        if (named.some((name) => name === childPath || name.startsWith(`${childPath}.`))) {
          visit(child, childPath, elements);
        }
      }
    } else if (isLeaf(node) && paths.has(path)) {
      found.set(path, [...(found.get(path) ?? []), { value: node, elements }]);
    }
  };
  if (isObject(event)) visit(event, "", []);
  return found;
}

function matchBranch(branch: ReadonlyMap<string, CompiledField>, values: Map<string, Occurrence[]>): boolean {
  const choices: Occurrence[][] = [];
  for (const [path, field] of branch) {
    const present = values.get(path) ?? [];
    if (present.length === 0) {
      if (field.whenAbsent) continue;
      return false;
    }
    const candidates = present.filter(
      ({ value }) => field.whenPresent || field.tests.some((test) => test(value)),
    );
    if (candidates.length === 0) return false;
    choices.push(candidates);
  }
  return consistentChoice(
    choices.sort((a, b) => a.length - b.length),
    [],
  );
}

/** Whether one candidate per field can be chosen with no two from different elements of the same array. */
function consistentChoice(choices: Occurrence[][], chosen: Occurrence[]): boolean {
  const [candidates, ...rest] = choices;
  if (!candidates) return true;
  return candidates.some(
    (candidate) =>
      chosen.every((other) => sameElements(candidate, other)) &&
      consistentChoice(rest, [...chosen, candidate]),
  );
}

function sameElements(a: Occurrence, b: Occurrence): boolean {
  return a.elements.every(([array, index]) =>
    b.elements.every(([otherArray, otherIndex]) => array !== otherArray || index === otherIndex),
  );
}
