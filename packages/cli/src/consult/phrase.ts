import type { Random } from "./random.js";

/**
 * What fills a `{name}` in a phrase, and for how long a value holds: a `consult` value (a name, a dose) is the
 * same all consult long, a `problem` value (a temperature, a duration) for one problem, an `each` value is
 * drawn anew every time.
 */
export interface Word {
  level: "consult" | "problem" | "each";
  make: (scope: Scope) => string;
}

export type Vocabulary = Readonly<Record<string, Word>>;

const CHOICE = /\[(?:@([A-Za-z]+) )?([^[\]]*)\]/;
const PLACEHOLDER = /\{([A-Za-z0-9]+)(#\d+)?\}/g;

/**
 * Where phrases are said: fills them from a vocabulary, remembering values for as long as their level says.
 * A phrase is text where `[a|b]` says one of the alternatives (they nest) and `{name}` a vocabulary word;
 * `{Name}` capitalizes it and `{name#2}` is a second value of the same kind. Choices linked by a name,
 * `[@answer a|b]`, take the same alternative throughout a problem, so that an answer fits its question.
 *
 * @example
 * const consult = new Scope(new Random(7), vocabulary);
 * consult.problem().say("[It started|It began] {ago}."); // "It began last Thursday."
 */
export class Scope {
  private readonly values = new Map<string, string>();
  private readonly links = new Map<string, { index: number; count: number }>();

  constructor(
    readonly random: Random,
    private readonly vocabulary: Vocabulary,
    private readonly consult?: Scope,
  ) {}

  /** A scope for one problem of this consult: consult values carry over, problem values start afresh. */
  problem(): Scope {
    return new Scope(this.random, this.vocabulary, this.consult ?? this);
  }

  /** The phrase with its alternatives chosen and its words filled in. */
  say(phrase: string): string {
    let text = phrase;
    for (let choice = CHOICE.exec(text); choice; choice = CHOICE.exec(text)) {
      const [, link, body = ""] = choice;
      const alternatives = body.split("|");
      const alternative =
        alternatives[
          link ? this.linked(link, alternatives.length) : this.random.int(0, alternatives.length - 1)
        ];
      text = text.slice(0, choice.index) + alternative + text.slice(choice.index + choice[0].length);
    }
    const said = text
      .replace(PLACEHOLDER, (_, name: string, ordinal = "") => this.value(name, ordinal))
      .replace(/\s+/g, " ")
      .replace(/ ([,.?!])/g, "$1")
      .trim();
    if (/[[\]{}|]/.test(said)) throw new Error(`malformed phrase: ${phrase}`);
    return said;
  }

  /** Which alternative the choices linked by `link` take; they must offer as many. */
  private linked(link: string, count: number): number {
    const chosen = this.links.get(link) ?? { index: this.random.int(0, count - 1), count };
    if (chosen.count !== count)
      throw new Error(`choices linked as "${link}" offer different numbers of alternatives`);
    this.links.set(link, chosen);
    return chosen.index;
  }

  private value(name: string, ordinal: string): string {
    const key = name.charAt(0).toLowerCase() + name.slice(1);
    const value = this.lookup(key, ordinal);
    return name === key ? value : value.charAt(0).toUpperCase() + value.slice(1);
  }

  private lookup(key: string, ordinal: string): string {
    const word = this.vocabulary[key];
    if (!word) throw new Error(`no word "${key}" in the consult vocabulary`);
    if (word.level === "each") return word.make(this);
    if (word.level === "consult" && this.consult) return this.consult.lookup(key, ordinal);
    const remembered = this.values.get(key + ordinal);
    if (remembered !== undefined) return remembered;
    const value = word.make(this);
    this.values.set(key + ordinal, value);
    return value;
  }
}
