/**
 * EventBridge's `wildcard` operand: `*` stands for any run of characters, `\*` for a literal star and `\\` for a
 * literal backslash; consecutive wildcards and any other escape are refused at PutRule
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html#eb-filtering-wildcard-matching).
 */

/**
 * EventBridge's reason for refusing a wildcard operand, or null when its grammar is accepted. Positions are
 * counted as EventBridge counts them: in UTF-8 bytes of the operand with its opening quote, so the first
 * character is at 1. EventBridge also refuses wildcards it finds too complex; that limit is not documented
 * precisely and is not checked here.
 *
 * @example
 * wildcardFault("arn:aws:events:us-east-1:**:event-bus/*"); // "Consecutive wildcard characters at pos 26"
 */
export function wildcardFault(wildcard: string): string | null {
  for (let i = 0; i < wildcard.length; i++) {
    const char = wildcard[i];
    if (char === "\\") {
      const escaped = wildcard[i + 1];
      if (escaped !== "*" && escaped !== "\\")
        return `Invalid escape character at pos ${position(wildcard, i)}`;
      i++;
    } else if (char === "*" && wildcard[i + 1] === "*") {
      return `Consecutive wildcard characters at pos ${position(wildcard, i)}`;
    }
  }
  return null;
}

function position(wildcard: string, index: number): number {
  return new TextEncoder().encode(wildcard.slice(0, index)).length + 1;
}

const compiled = new Map<string, RegExp>();

/**
 * The whole-value regular expression of a wildcard operand EventBridge accepts: `*` matches any run of
 * characters, slashes and line breaks included.
 *
 * @example
 * wildcardRegExp("*.mp4").test("concatenated/m1/audio/a.mp4"); // true
 */
export function wildcardRegExp(wildcard: string): RegExp {
  let regExp = compiled.get(wildcard);
  if (!regExp) {
    let source = "";
    for (let i = 0; i < wildcard.length; i++) {
      const char = wildcard[i] as string;
      if (char === "\\") source += `\\${wildcard[++i]}`;
      else if (char === "*") source += ".*";
      else source += char.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    }
    regExp = new RegExp(`^${source}$`, "s");
    compiled.set(wildcard, regExp);
  }
  return regExp;
}
