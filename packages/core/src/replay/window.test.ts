import { describe, expect, it } from "vitest";
import { InvalidOptionError } from "./errors.js";
import { inWindow, parseDuration, parseWindow } from "./window.js";

describe("a duration option such as --max-wait", () => {
  it("reads minutes, hours and days, and names its option when it cannot", () => {
    expect(parseDuration("--max-wait", "30m")).toBe(1_800_000);
    expect(parseDuration("--max-wait", "3h")).toBe(10_800_000);
    expect(() => parseDuration("--max-wait", "soon")).toThrow(
      "--max-wait must be a duration such as 90m, 24h or 7d",
    );
  });
});

describe("--since", () => {
  it("reads how far back in minutes, hours and days", () => {
    expect(parseDuration("--since", "90m")).toBe(5_400_000);
    expect(parseDuration("--since", "7d")).toBe(604_800_000);
  });

  it.each(["yesterday", "24", "1w", "-2h", "0h", ""])("refuses %j, naming the option", (text) => {
    expect(() => parseDuration("--since", text)).toThrow(InvalidOptionError);
    expect(() => parseDuration("--since", text)).toThrow(/^--since /);
  });
});

describe("--from and --to", () => {
  it("read ISO-8601 times with a zone, and dates as UTC midnight", () => {
    expect(parseWindow({ from: "2026-04-12", to: "2026-04-12T11:30:00+02:00" })).toEqual({
      from: new Date("2026-04-12T00:00:00Z"),
      to: new Date("2026-04-12T09:30:00Z"),
    });
  });

  it("refuse a time without a zone, which would be read in the machine's own", () => {
    expect(() => parseWindow({ from: "2026-04-12T09:00:00", to: "2026-04-12T10:00:00Z" })).toThrow(
      /^--from must be an ISO-8601 time with a zone/,
    );
  });

  it("refuse a window that ends before it starts, naming --to", () => {
    const error = (() => {
      try {
        parseWindow({ from: "2026-04-12T10:00:00Z", to: "2026-04-12T10:00:00Z" });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error).toMatchObject({ option: "--to", reason: "must be later than --from" });
  });

  it("cover from inclusive to exclusive, as an EventBridge replay does", () => {
    const window = parseWindow({ from: "2026-04-12T09:00:00Z", to: "2026-04-12T10:00:00Z" });
    expect(inWindow("2026-04-12T09:00:00Z", window)).toBe(true);
    expect(inWindow("2026-04-12T09:59:59.999Z", window)).toBe(true);
    expect(inWindow("2026-04-12T10:00:00Z", window)).toBe(false);
    expect(inWindow("not a time", window)).toBe(false);
  });
});
