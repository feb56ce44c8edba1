import { GetParametersCommand, SSMClient } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readBoundSecrets, SecretNotSetError } from "./secrets.js";

const ssm = mockClient(SSMClient);
const saved = { ...process.env };

beforeEach(() => {
  Object.assign(process.env, {
    SST_APP: "medpipe",
    SST_STAGE: "prod",
    SST_SSM_PREFIX: "/sst/medpipe/prod/",
    AWS_REGION: "eu-west-1",
  });
});
afterEach(() => {
  ssm.reset();
  process.env = { ...saved };
});

describe("reading the secrets SST binds to a function", () => {
  it("takes values given in the environment as they are, calling no SSM", async () => {
    process.env.SST_Secret_value_SUPABASE_URL = "http://127.0.0.1:54321";
    expect(await readBoundSecrets(["SUPABASE_URL"])).toEqual({ SUPABASE_URL: "http://127.0.0.1:54321" });
    expect(ssm.calls()).toHaveLength(0);
  });

  it("fetches the stage's value, decrypted, and else the app's fallback", async () => {
    process.env.SST_Secret_value_SUPABASE_URL = "__FETCH_FROM_SSM__";
    process.env.SST_Secret_value_SUPABASE_JWT_SECRET = "__FETCH_FROM_SSM__";
    ssm
      .on(GetParametersCommand, {
        Names: [
          "/sst/medpipe/prod/Secret/SUPABASE_URL/value",
          "/sst/medpipe/prod/Secret/SUPABASE_JWT_SECRET/value",
        ],
      })
      .resolves({
        Parameters: [
          { Name: "/sst/medpipe/prod/Secret/SUPABASE_URL/value", Value: "https://abc.supabase.co" },
        ],
        InvalidParameters: ["/sst/medpipe/prod/Secret/SUPABASE_JWT_SECRET/value"],
      })
      .on(GetParametersCommand, { Names: ["/sst/medpipe/.fallback/Secret/SUPABASE_JWT_SECRET/value"] })
      .resolves({
        Parameters: [{ Name: "/sst/medpipe/.fallback/Secret/SUPABASE_JWT_SECRET/value", Value: "s3cret" }],
      });
    expect(await readBoundSecrets(["SUPABASE_URL", "SUPABASE_JWT_SECRET"])).toEqual({
      SUPABASE_URL: "https://abc.supabase.co",
      SUPABASE_JWT_SECRET: "s3cret",
    });
    expect(ssm.commandCalls(GetParametersCommand)[0]?.args[0].input.WithDecryption).toBe(true);
  });

  it("names the secrets set nowhere, and one not bound at all", async () => {
    process.env.SST_Secret_value_SUPABASE_JWT_SECRET = "__FETCH_FROM_SSM__";
    ssm.on(GetParametersCommand).resolves({ Parameters: [] });
    await expect(readBoundSecrets(["SUPABASE_JWT_SECRET"])).rejects.toThrow(
      new SecretNotSetError(["SUPABASE_JWT_SECRET"]),
    );
    await expect(readBoundSecrets(["SUPABASE_SERVICE_ROLE_KEY"])).rejects.toBeInstanceOf(SecretNotSetError);
  });
});
