import { ThrottledClientException } from "@aws-sdk/client-chime-sdk-media-pipelines";
import { ValidationException } from "@aws-sdk/client-comprehendmedical";
import { describe, expect, it } from "vitest";
import { ComprehendRequestError, EntitiesDocumentError } from "../entities/errors.js";
import { InvalidEventError } from "../events/errors.js";
import { RecordingNotFoundError } from "../recording/encryption.js";
import { sinkErrorOf } from "../sink/sink-error.js";
import { TranscribeOutputError } from "../transcript/parse.js";
import { withoutContent } from "./safe-error.js";

const PHI = "Jane Doe has type 2 diabetes";
const thrown = (work: () => unknown): Error => {
  try {
    work();
  } catch (error) {
    return error as Error;
  }
  throw new Error("nothing was thrown");
};

describe("an error fit to log and store", () => {
  it("reduces a JSON.parse SyntaxError, which quotes the text it choked on, to its name and a safe message", () => {
    const original = thrown(() => JSON.parse(`${PHI} (unterminated`));
    expect(original.message).toContain("Jane Doe");
    const safe = withoutContent(original);
    expect(safe.name).toBe("SyntaxError");
    expect(safe.message).toBe("message withheld: it may quote the data being processed");
    expect(safe.stack).not.toContain("Jane");
    // The code locations survive under the safe first line.
    expect(safe.stack?.split("\n")[0]).toBe(`SyntaxError: ${safe.message}`);
    expect(safe.stack).toMatch(/\n\s+at /);
  });

  it("reduces any error it does not know to its name: a TypeError, a thrown string", () => {
    const typeError = thrown(() => (null as unknown as { text: string }).text.toUpperCase());
    expect(withoutContent(typeError)).toMatchObject({
      name: "TypeError",
      message: expect.stringContaining("withheld"),
    });
    const fromString = withoutContent(PHI);
    expect(fromString.name).toBe("Error");
    expect(`${fromString.message}${fromString.stack}`).not.toContain("Jane");
  });

  it("reduces an AWS SDK error, whose message can quote the rejected input, to its name, status and request id", () => {
    const rejected = new ValidationException({
      message: `1 validation error detected: Value '${PHI}' at 'text' failed to satisfy constraint`,
      $metadata: { httpStatusCode: 400, requestId: "0c3a-41d2" },
    });
    const safe = withoutContent(rejected);
    expect(safe.name).toBe("ValidationException");
    expect(safe.message).toBe("ValidationException from AWS (HTTP 400, request 0c3a-41d2)");
    expect(safe.stack).not.toContain("Jane");
  });

  it("keeps the name a Retry matches on", () => {
    const throttled = new ThrottledClientException({
      message: "Rate exceeded",
      $metadata: { httpStatusCode: 429 },
    });
    expect(withoutContent(throttled).name).toBe("ThrottledClientException");
  });

  it("passes the pipeline's own errors through as they are: their messages carry ids, codes and field names only", () => {
    const own = [
      new RecordingNotFoundError("recording of meeting m not found", "m"),
      new InvalidEventError({ field: "detail.meetingId", reason: "not a UUID" }),
      new TranscribeOutputError("results.transcripts", "missing"),
      sinkErrorOf("ingest_transcript", "m", "22P02", 400),
      new ComprehendRequestError(
        { meetingId: "m", api: "InferRxNorm", request: 2 },
        { code: "X", attempts: 1 },
      ),
      new EntitiesDocumentError("m", "entities.0.beginOffset", "not a number"),
    ];
    for (const error of own) expect(withoutContent(error)).toBe(error);
  });
});
