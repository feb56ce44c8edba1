import { describe, expect, it } from "vitest";
import { Scope, type Vocabulary } from "./phrase.js";
import { Random } from "./random.js";

let drawn = 0;
const vocabulary: Vocabulary = {
  name: { level: "consult", make: () => `Zoë${++drawn}` },
  fever: { level: "problem", make: () => `${100 + ++drawn}.4°F` },
  ok: { level: "each", make: () => `Okay${++drawn}.` },
};

describe("Scope.say", () => {
  it("keeps a consult's names for the whole consult and a problem's values for that problem", () => {
    const consult = new Scope(new Random(1), vocabulary);
    const first = consult.problem();
    const second = consult.problem();
    expect(first.say("{name} had {fever}, then {fever}.")).toMatch(/^(Zoë\d+) had (\S+), then \2\.$/);
    expect(second.say("{name}")).toBe(first.say("{name}"));
    expect(second.say("{fever}")).not.toBe(first.say("{fever}"));
    expect(first.say("{fever#2}")).not.toBe(first.say("{fever}"));
    expect(first.say("{ok} {ok}")).not.toMatch(/^(\S+) \1$/);
  });

  it("capitalizes a word written with a capital", () => {
    const scope = new Scope(new Random(1), { they: { level: "consult", make: () => "she" } });
    expect(scope.say("{They}'s four, and {they} is fine.")).toBe("She's four, and she is fine.");
  });

  it("answers a question with the answer linked to it", () => {
    const exchanges = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const scope = new Scope(new Random(seed), vocabulary).problem();
      exchanges.add(
        `${scope.say("[@q Is it safe?|How fast is it?]")} ${scope.say("[@q It is safe.|Within an hour.]")}`,
      );
    }
    expect(exchanges).toEqual(new Set(["Is it safe? It is safe.", "How fast is it? Within an hour."]));
  });

  it("chooses among nested alternatives and tidies the spaces empty ones leave", () => {
    const said = new Set(
      Array.from({ length: 40 }, (_, seed) =>
        new Scope(new Random(seed), vocabulary).say("It hurts[ [a lot|a bit]|] ."),
      ),
    );
    expect(said).toEqual(new Set(["It hurts a lot.", "It hurts a bit.", "It hurts."]));
  });

  it("refuses a phrase with a word the vocabulary lacks, a stray bracket, or linked choices that differ", () => {
    const scope = new Scope(new Random(1), vocabulary).problem();
    expect(() => scope.say("{temperature}")).toThrow(/temperature/);
    expect(() => scope.say("It hurts [a lot.")).toThrow(/malformed/);
    scope.say("[@q a|b]");
    expect(() => scope.say("[@q a|b|c]")).toThrow(/linked/);
  });
});
