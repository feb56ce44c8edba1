import { beforeAll, describe, expect, it } from "vitest";

describe("the task functions' AWS clients", () => {
  beforeAll(() => {
    Object.assign(process.env, {
      SST_STAGE: "test",
      MEDPIPE_ACCOUNT: "000000000000",
      MEDPIPE_PARTITION: "aws",
      RECORDINGS_BUCKET: "recordings",
      TRANSCRIPTS_BUCKET: "transcripts",
      MEDICAL_DATA_BUCKET: "medical-data",
      DATA_KEY_ARN: "arn:aws:kms:eu-west-1:000000000000:key/k",
      POWERTOOLS_TRACE_ENABLED: "false",
    });
  });

  it("count throttled Comprehend Medical calls and leave retrying to the extractor", async () => {
    const { comprehendMedical } = await import("./clients.js");
    const client = comprehendMedical();
    expect(client.middlewareStack.identify()).toContainEqual(
      expect.stringContaining("countComprehendThrottles"),
    );
    expect(await client.config.maxAttempts()).toBe(1);
    expect(await client.config.region()).toBe("eu-west-1");
  });
});
