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
    // A text has at most as many code points as UTF-16 code units: size for that, then keep what was used.
    const values = new Uint32Array(text.length);
    const utf16 = new Uint32Array(text.length + 1);
    const bytes = new Uint32Array(text.length + 1);
    let count = 0;
    for (let offset = 0; offset < text.length; count++) {
      const value = text.codePointAt(offset) ?? 0;
      offset += value > 0xffff ? 2 : 1;
      values[count] = value;
      utf16[count + 1] = offset;
      bytes[count + 1] = (bytes[count] ?? 0) + utf8Length(value);
    }
    this.count = count;
    this.#values = values.subarray(0, count);
    this.#utf16 = utf16.subarray(0, count + 1);
    this.#bytes = bytes.subarray(0, count + 1);
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
