import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CodePoints } from "./codepoints.js";

describe("CodePoints", () => {
  it("counts code points, UTF-16 offsets and UTF-8 bytes of multi-byte text", () => {
    const points = new CodePoints("25 µg 😷 °F 糖");
    expect(points.count).toBe(12);
    expect(points.utf16Offset(7)).toBe(8);
    expect(points.utf16Offset(points.count)).toBe(13);
    expect(points.bytesBetween(0, points.count)).toBe(Buffer.byteLength("25 µg 😷 °F 糖"));
    expect(points.indexOfUtf16(7)).toBeUndefined();
    expect(points.indexOfUtf16(8)).toBe(7);
  });

  it("agrees with the platform on any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.nat(), fc.nat(), (text, x, y) => {
        const points = new CodePoints(text);
        const chars = [...text];
        const [from, to] = [x % (chars.length + 1), y % (chars.length + 1)].sort((a, b) => a - b) as [
          number,
          number,
        ];
        expect(points.count).toBe(chars.length);
        const slice = text.slice(points.utf16Offset(from), points.utf16Offset(to));
        expect(slice).toBe(chars.slice(from, to).join(""));
        expect(points.bytesBetween(from, to)).toBe(Buffer.byteLength(slice));
        expect(points.indexOfUtf16(points.utf16Offset(from))).toBe(from);
      }),
    );
  });
});
