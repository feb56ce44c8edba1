/**
 * A text indexed by Unicode code point, the unit Comprehend Medical counts characters and offsets in, with each
 * code point's UTF-16 offset (JavaScript's string index) and UTF-8 byte position.
 *
 * @example
 * const points = new CodePoints("25 µg 😷");
 * points.count; // 7
 * points.utf16Offset(7); // 8: the emoji is a surrogate pair
 * points.bytesBetween(0, 7); // 12
 */
export class CodePoints {
  /** How many code points the text has. */
  readonly count: number;
  readonly #values: Uint32Array;
  readonly #utf16: Uint32Array;
  readonly #bytes: Uint32Array;

  constructor(readonly text: string) {
    const values: number[] = [];
    for (let i = 0; i < text.length; ) {
      const value = text.codePointAt(i) ?? 0;
      values.push(value);
      i += value > 0xffff ? 2 : 1;
    }
    this.count = values.length;
    this.#values = Uint32Array.from(values);
    this.#utf16 = new Uint32Array(this.count + 1);
    this.#bytes = new Uint32Array(this.count + 1);
    for (let i = 0; i < this.count; i++) {
      const value = this.#values[i] ?? 0;
      this.#utf16[i + 1] = (this.#utf16[i] ?? 0) + (value > 0xffff ? 2 : 1);
      this.#bytes[i + 1] = (this.#bytes[i] ?? 0) + utf8Length(value);
    }
  }

  /** The code point at index `i` (0 ≤ i < count). */
  at(i: number): number {
    return this.#values[i] ?? 0;
  }

  /** The UTF-16 offset where code point `i` starts (`count` gives the text's length). */
  utf16Offset(i: number): number {
    return this.#utf16[i] ?? this.text.length;
  }

  /** The code point index starting at UTF-16 offset `offset`, or undefined inside a surrogate pair. */
  indexOfUtf16(offset: number): number | undefined {
    let low = 0;
    let high = this.count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.#utf16[middle] ?? 0) < offset) low = middle + 1;
      else high = middle;
    }
    return this.#utf16[low] === offset ? low : undefined;
  }

  /** UTF-8 bytes of code points `from` up to `to`. */
  bytesBetween(from: number, to: number): number {
    return (this.#bytes[to] ?? 0) - (this.#bytes[from] ?? 0);
  }

  /** UTF-16 code units of code points `from` up to `to`. */
  utf16Between(from: number, to: number): number {
    return this.utf16Offset(to) - this.utf16Offset(from);
  }
}

/** UTF-8 bytes of one code point; a lone surrogate is sent as U+FFFD, three bytes. */
function utf8Length(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x800) return 2;
  if (value < 0x10000) return 3;
  return 4;
}
