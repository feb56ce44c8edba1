import { afterEach, describe, expect, it, vi } from "vitest";
import { progressBars } from "./progress.js";

afterEach(() => vi.restoreAllMocks());

describe("the progress reporter of an ops command", () => {
  it("on Ctrl-C prints the last line it was given (how to cancel what the command started) and exits 130", () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => written.push(String(chunk)) > 0);
    const exit = vi.spyOn(process, "exit").mockImplementation(() => undefined as never);
    const reporter = progressBars();
    reporter.onInterrupt(
      "replay prod-medpipe-1 goes on in EventBridge: cancel it with aws events cancel-replay …",
    );
    reporter.onInterrupt("replay prod-medpipe-1 completed; its executions go on in Step Functions");

    process.emit("SIGINT");

    expect(written.join("")).toContain(
      "note: interrupted: replay prod-medpipe-1 completed; its executions go on in Step Functions\n",
    );
    expect(exit).toHaveBeenCalledWith(130);
    reporter.stop();
  });

  it("lets Ctrl-C go once the command is done", () => {
    const reporter = progressBars();
    const before = process.listenerCount("SIGINT");
    reporter.onInterrupt("cancel it");
    expect(process.listenerCount("SIGINT")).toBe(before + 1);
    reporter.stop();
    expect(process.listenerCount("SIGINT")).toBe(before);
  });
});
