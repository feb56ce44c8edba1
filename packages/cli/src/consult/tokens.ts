/** One recognised unit of speech, as Transcribe itemizes a transcript: a word or a punctuation mark. */
export interface Token {
  type: "pronunciation" | "punctuation";
  content: string;
}

const TRAILING_PUNCTUATION = /[.,?!]+$/;

/**
 * The tokens of what someone said: words split on spaces, with sentence punctuation after a word as tokens of
 * its own ("101.3°F." is the word "101.3°F" and "."), as Transcribe writes them.
 *
 * @example
 * tokenize("About 101.3°F, I think."); // About, 101.3°F, ",", I, think, "."
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const chunk of text.split(/\s+/)) {
    const punctuation = TRAILING_PUNCTUATION.exec(chunk)?.[0] ?? "";
    const word = chunk.slice(0, chunk.length - punctuation.length);
    if (word !== "") tokens.push({ type: "pronunciation", content: word });
    for (const mark of punctuation) tokens.push({ type: "punctuation", content: mark });
  }
  return tokens;
}

/** How many words a text has, as {@link tokenize} counts them. */
export function wordCount(text: string): number {
  return tokenize(text).filter((token) => token.type === "pronunciation").length;
}
