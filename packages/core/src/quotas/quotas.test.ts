import { describe, expect, it } from "vitest";
import { comprehendReservations } from "../capacity/comprehend-pacing.js";
import { COMPREHEND_APIS, type ComprehendApi } from "../entities/limits.js";
import {
  COMPREHEND_CPS,
  COMPREHEND_TPS,
  eventBridgeRatesIn,
  LAMBDA_CONCURRENCY,
  mediaPipelinesIn,
  reservableConcurrency,
  startExecutionIn,
  stateTransitionsIn,
} from "./figures.js";
import { type Quota, quotaIn } from "./quota.js";
import { AWS_QUOTAS, type QuotaId } from "./quotas.js";
import { SOURCES } from "./sources.js";

const entries = Object.entries(AWS_QUOTAS) as [string, Quota][];
const regionsOf = (quota: Quota): [string, number][] => Object.entries(quota.regions ?? {});
const AWS_DOCS_HOSTS = ["docs.aws.amazon.com", "aws.amazon.com"];
/** A Region no quota names, so it gets the default. */
const UNLISTED_REGION = "xx-nowhere-9";

describe("the quota table", () => {
  it("cites, for every quota, a page on an AWS documentation site over https", () => {
    for (const [id, quota] of entries) {
      const url = new URL(quota.source);
      expect(url.protocol, id).toBe("https:");
      expect(AWS_DOCS_HOSTS, id).toContain(url.hostname);
    }
  });

  it("gives every quota a positive value in every Region it names, and only real Region codes", () => {
    for (const [id, quota] of entries) {
      expect(quota.value, id).toBeGreaterThan(0);
      for (const [region, value] of regionsOf(quota)) {
        expect(region, id).toMatch(/^[a-z]{2}(-gov)?-[a-z]+-\d$/);
        expect(value, `${id} in ${region}`).toBeGreaterThan(0);
      }
    }
  });

  it("says for every quota when its source was read, as a year and month", () => {
    for (const [id, quota] of entries) expect(quota.checked, id).toMatch(/^20\d\d-(0[1-9]|1[0-2])$/);
  });

  it("explains in the note of every figure AWS does not document where the figure comes from", () => {
    const undocumented = entries.filter(([, quota]) => quota.basis !== "documented");
    expect(undocumented.length).toBeGreaterThan(0);
    for (const [id, quota] of undocumented) expect(quota.note?.length ?? 0, id).toBeGreaterThan(40);
  });

  it("cites every listed source at least once", () => {
    const cited = entries.map(([, q]) => `${q.source} ${q.note ?? ""}`).join(" ");
    for (const url of Object.values(SOURCES)) expect(cited, url).toContain(url);
  });

  it("keeps each token bucket at least one second of its refill", () => {
    for (const region of ["us-east-1", "eu-west-1", "eu-central-1", UNLISTED_REGION]) {
      for (const { bucket, refillPerSecond } of [startExecutionIn(region), stateTransitionsIn(region)]) {
        expect(bucket, region).toBeGreaterThanOrEqual(refillPerSecond);
      }
    }
  });
});

describe("quotaIn", () => {
  it("gives each Region a quota names that Region's value", () => {
    const regional = entries.filter(([, quota]) => quota.regions);
    expect(regional.length).toBeGreaterThan(0);
    for (const [id, quota] of regional) {
      for (const [region, value] of regionsOf(quota))
        expect(quotaIn(quota, region), `${id} ${region}`).toBe(value);
    }
  });

  it("gives a Region the quota does not name the default", () => {
    for (const [id, quota] of entries) expect(quotaIn(quota, UNLISTED_REGION), id).toBe(quota.value);
  });
});

describe("the named figures", () => {
  it("give each Comprehend Medical API its TPS and CPS from the table", () => {
    const tableName: Record<ComprehendApi, string> = {
      DetectEntitiesV2: "detect-entities-v2",
      InferICD10CM: "infer-icd10cm",
      InferRxNorm: "infer-rxnorm",
      InferSNOMEDCT: "infer-snomedct",
    };
    const defaultOf = (id: string) => AWS_QUOTAS[id as QuotaId].value;
    for (const api of COMPREHEND_APIS) {
      expect(COMPREHEND_TPS[api], api).toBe(defaultOf(`comprehend-medical.${tableName[api]}.tps`));
      expect(COMPREHEND_CPS[api], api).toBe(defaultOf(`comprehend-medical.${tableName[api]}.cps`));
    }
  });

  it("are the quotas the extractor paces to: its reservations read them, so there is one fact", () => {
    for (const api of COMPREHEND_APIS) {
      const [requests, characters] = comprehendReservations(api, 1_000);
      expect(requests?.perSecond, api).toBe(COMPREHEND_TPS[api]);
      expect(characters?.perSecond, api).toBe(COMPREHEND_CPS[api]);
    }
  });

  it("read region-dependent quotas for the Region asked, not a fixed one", () => {
    const pipelines = AWS_QUOTAS["chime-sdk-media-pipelines.active-pipelines"];
    expect(mediaPipelinesIn("eu-central-1")).toBe(quotaIn(pipelines, "eu-central-1"));
    expect(mediaPipelinesIn("us-east-1")).toBe(quotaIn(pipelines, "us-east-1"));
    expect(mediaPipelinesIn("us-east-1")).not.toBe(mediaPipelinesIn("eu-central-1"));
    expect(startExecutionIn("eu-west-1")).not.toEqual(startExecutionIn("eu-central-1"));
    expect(eventBridgeRatesIn("eu-west-1")).not.toEqual(eventBridgeRatesIn("eu-central-1"));
  });
});

describe("reservableConcurrency", () => {
  it("leaves a new account nothing to reserve, so stacks must not reserve concurrency", () => {
    expect(reservableConcurrency(LAMBDA_CONCURRENCY.newAccount)).toBe(0);
  });

  it("keeps the unreserved minimum out of a default account's reach", () => {
    expect(reservableConcurrency(LAMBDA_CONCURRENCY.default) + LAMBDA_CONCURRENCY.unreservedMinimum).toBe(
      LAMBDA_CONCURRENCY.default,
    );
  });
});
