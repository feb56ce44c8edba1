import {
  InternalServerException,
  InvalidRequestException,
  TooManyRequestsException,
} from "@aws-sdk/client-comprehendmedical";
import { describe, expect, it } from "vitest";
import { ComprehendRequestError } from "./errors.js";
import { virtualPace } from "./pace.fixture.js";
import { backoffDelay, callWithRetry, DEFAULT_RETRY, isRetryable } from "./retry.js";

const context = { meetingId: "m-1", api: "InferRxNorm", request: 2 } as const;
const $metadata = { httpStatusCode: 400, requestId: "req-9" };
const tooMany = () => new TooManyRequestsException({ message: "Rate exceeded", $metadata });
const throttling = () => Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });

/** A turn of the rate buckets that is always free. */
const takeTurn = async () => {};

/** A call failing with the given errors in turn, then answering "ok". */
function failing(...errors: Array<() => Error>) {
  let calls = 0;
  const call = async (): Promise<string> => {
    const error = errors[calls++];
    if (error) throw error();
    return "ok";
  };
  return { call, calls: () => calls };
}

describe("callWithRetry", () => {
  it("retries throttling and 5xx errors with full-jitter exponential backoff, then succeeds", async () => {
    const pace = virtualPace();
    const unavailable = () =>
      Object.assign(new Error("x"), {
        name: "ServiceUnavailableException",
        $metadata: { httpStatusCode: 503 },
      });
    const internal = () => new InternalServerException({ message: "x", $metadata: { httpStatusCode: 500 } });
    const { call, calls } = failing(tooMany, throttling, unavailable, internal);
    const policy = { ...DEFAULT_RETRY, random: () => 0.5 };
    await expect(callWithRetry(context, call, { policy, pace, takeTurn })).resolves.toBe("ok");
    expect(calls()).toBe(5);
    expect(pace.sleeps).toEqual([50, 100, 200, 400]);
  });

  it("gives up after maxAttempts with the last error's code, the request and its id", async () => {
    const pace = virtualPace();
    const { call, calls } = failing(...Array.from({ length: 10 }, () => tooMany));
    const error = await callWithRetry(context, call, {
      policy: { ...DEFAULT_RETRY, maxAttempts: 3 },
      pace,
      takeTurn,
    }).catch((e: unknown) => e);
    expect(calls()).toBe(3);
    expect(error).toBeInstanceOf(ComprehendRequestError);
    expect(error).toMatchObject({
      meetingId: "m-1",
      api: "InferRxNorm",
      request: 2,
      code: "TooManyRequestsException",
      attempts: 3,
      httpStatusCode: 400,
      requestId: "req-9",
    });
  });

  it("fails at once on other errors, without their message (it may quote the text)", async () => {
    const pace = virtualPace();
    const invalid = () =>
      new InvalidRequestException({ message: "bad text: patient takes warfarin", $metadata });
    const { call, calls } = failing(invalid);
    const error = await callWithRetry(context, call, { policy: DEFAULT_RETRY, pace, takeTurn }).catch(
      (e: unknown) => e,
    );
    expect(calls()).toBe(1);
    expect(pace.sleeps).toEqual([]);
    expect(error).toMatchObject({
      name: "ComprehendRequestError",
      code: "InvalidRequestException",
      attempts: 1,
    });
    expect((error as Error).message).not.toContain("warfarin");
  });

  it("takes its turn before every attempt, and passes the turn's own errors on as they are", async () => {
    const pace = virtualPace();
    const { call } = failing(tooMany);
    let turns = 0;
    const counted = async () => {
      turns++;
    };
    await callWithRetry(context, call, { policy: DEFAULT_RETRY, pace, takeTurn: counted });
    expect(turns).toBe(2);

    const busy = new Error("no answer");
    const error = await callWithRetry(context, call, {
      policy: DEFAULT_RETRY,
      pace,
      takeTurn: async () => {
        throw busy;
      },
    }).catch((e: unknown) => e);
    expect(error).toBe(busy);
  });
});

describe("backoffDelay", () => {
  it("draws below the doubling backoff and never above the cap", () => {
    const top = { ...DEFAULT_RETRY, random: () => 0.999_999 };
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n, top))).toEqual([
      99, 199, 399, 799, 1599, 3199, 4999, 4999,
    ]);
    expect(backoffDelay(5, { ...DEFAULT_RETRY, random: () => 0 })).toBe(0);
  });
});

describe("isRetryable", () => {
  it("tells throttling and server faults from client errors", () => {
    expect(isRetryable(tooMany())).toBe(true);
    expect(isRetryable(throttling())).toBe(true);
    expect(isRetryable(Object.assign(new Error("x"), { $metadata: { httpStatusCode: 502 } }))).toBe(true);
    expect(isRetryable(new InvalidRequestException({ message: "x", $metadata }))).toBe(false);
    expect(isRetryable("TooManyRequestsException")).toBe(false);
  });
});
