import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as realDelay } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClockStalledError, VirtualClock } from "./virtual-clock.js";

// Years before the machine's real clock, so that virtual and real time never meet.
const START = new Date("2020-03-02T09:00:00Z");
const at = (seconds: number) => START.getTime() + seconds * 1000;

describe("the local rig's virtual clock", () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    // Sends its headers at once and its body a little later, in real time: a slow response from the embedded
    // Supabase, say.
    server = createServer(async (_, response) => {
      response.writeHead(200, { "content-type": "text/plain" });
      response.flushHeaders();
      await realDelay(50);
      response.end("the body");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  it("runs timers in the order of their times, each at its own virtual time", async () => {
    const clock = new VirtualClock(START);
    const fired: [string, number][] = [];
    await clock.run({
      start: () => {
        for (const [name, seconds] of [
          ["third", 30],
          ["first", 10],
          ["second", 20],
        ] as const) {
          setTimeout(() => fired.push([name, Date.now()]), seconds * 1000);
        }
      },
      done: () => fired.length === 3,
    });
    expect(fired).toEqual([
      ["first", at(10)],
      ["second", at(20)],
      ["third", at(30)],
    ]);
    expect(clock.jumps).toBe(3);
  });

  it("moves time only when no real I/O is pending", async () => {
    const clock = new VirtualClock(START);
    let ioEndedAt = 0;
    let timerAt = 0;
    await clock.run({
      start: () => {
        setTimeout(() => {
          timerAt = Date.now();
        }, 3600_000);
        void clock.io(realDelay(50)).then(() => {
          ioEndedAt = Date.now();
        });
      },
      done: () => timerAt > 0,
    });
    expect(ioEndedAt).toBe(at(0));
    expect(timerAt).toBe(at(3600));
  });

  it("holds time still during a fetch until its whole body has been read", async () => {
    const clock = new VirtualClock(START);
    let body = "";
    let readAt = 0;
    let timerFired = false;
    await clock.run({
      start: () => {
        setTimeout(() => {
          timerFired = true;
        }, 1000);
        void (async () => {
          const response = await fetch(url);
          body = await response.text();
          readAt = Date.now();
        })();
      },
      done: () => timerFired && readAt > 0,
    });
    expect(body).toBe("the body");
    expect(readAt).toBe(at(0));
  });

  it("throws ClockStalledError when nothing is running, no timer is set and the work is not done", async () => {
    const clock = new VirtualClock(START);
    await expect(clock.run({ done: () => false })).rejects.toThrow(ClockStalledError);
    // The clock is usable again afterwards, and real time is back.
    expect(Date.now()).toBeGreaterThan(at(365 * 86_400));
    await clock.run({ start: () => void setTimeout(() => {}, 5000), done: () => false }).catch(() => {});
    expect(clock.now().getTime()).toBe(at(5));
  });

  it("keeps virtual time between runs, where the last run left it, and never moves it back", async () => {
    const clock = new VirtualClock(START);
    expect(clock.now()).toEqual(START);
    let fired = false;
    await clock.run({
      start: () => {
        setTimeout(() => {
          fired = true;
        }, 90_000);
      },
      done: () => fired,
    });
    expect(clock.now().getTime()).toBe(at(90));
    // Between runs the process's own clock is real again.
    expect(Date.now()).toBeGreaterThan(at(90) + 365 * 86_400_000);
    clock.advanceTo(START);
    expect(clock.now().getTime()).toBe(at(90));
    clock.advanceTo(new Date(at(600)));
    let startedAt = 0;
    await clock.run({
      start: () => {
        startedAt = Date.now();
      },
      done: () => true,
    });
    expect(startedAt).toBe(at(600));
  });
});
