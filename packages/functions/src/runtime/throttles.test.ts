import { ComprehendMedicalClient, DetectEntitiesV2Command } from "@aws-sdk/client-comprehendmedical";
import { describe, expect, it } from "vitest";
import { countThrottles } from "./throttles.js";

/** A client whose HTTP layer answers with the given status and AWS error type, as the service would. */
function clientAnswering(status: number, errorType: string) {
  return new ComprehendMedicalClient({
    region: "eu-west-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
    requestHandler: {
      handle: async () => ({
        response: {
          statusCode: status,
          headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": errorType },
          body: new TextEncoder().encode(JSON.stringify({ __type: errorType, message: "no" })),
        },
      }),
    } as never,
  });
}

describe("counting Comprehend Medical throttles", () => {
  it("counts a throttled call and lets its error through", async () => {
    let throttles = 0;
    const client = countThrottles(clientAnswering(400, "ThrottlingException"), () => throttles++);
    await expect(client.send(new DetectEntitiesV2Command({ Text: "x" }))).rejects.toThrow();
    expect(throttles).toBe(1);
  });

  it("does not count other failures", async () => {
    let throttles = 0;
    const client = countThrottles(clientAnswering(400, "InvalidRequestException"), () => throttles++);
    await expect(client.send(new DetectEntitiesV2Command({ Text: "x" }))).rejects.toThrow();
    expect(throttles).toBe(0);
  });
});
