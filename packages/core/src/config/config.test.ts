import { describe, expect, it } from "vitest";
import { RETENTION_DAYS } from "../retention/period.js";
import {
  checkRegions,
  configVariables,
  deploymentRoles,
  loadConfig,
  RegionConfigError,
  stageRegions,
} from "./index.js";

const regions = {
  data: "eu-west-1",
  secondary: "af-south-1",
  control: "eu-central-1",
  mediaPipeline: "eu-central-1",
};

describe("pipeline configuration", () => {
  it("keeps the clinic's data in eu-west-1 and takes Chime events from the nearest EU control region by default", () => {
    expect(loadConfig("dev", {}).regions).toEqual(regions);
  });

  it("locks objects in GOVERNANCE mode in dev stages and COMPLIANCE mode in production, for 2557 days", () => {
    expect(loadConfig("dev", {}).retention).toEqual({ days: RETENTION_DAYS, lockMode: "GOVERNANCE" });
    expect(loadConfig("prod", {}).retention).toEqual({ days: 2557, lockMode: "COMPLIANCE" });
    expect(loadConfig("production", {}).production).toBe(true);
  });

  it("hands its whole configuration to a function through the MEDPIPE_* variables, every one of them", () => {
    const deployed = loadConfig("prod", {
      MEDPIPE_DATA_REGION: "eu-west-2",
      MEDPIPE_SECONDARY_REGION: "eu-west-1",
      MEDPIPE_CONTROL_REGION: "eu-west-2",
      MEDPIPE_MEDIA_PIPELINE_REGION: "eu-west-2",
      MEDPIPE_TRANSCRIBE_POLL_SECONDS: "45",
      MEDPIPE_TRANSCRIBE_MAX_POLLS: "80",
      MEDPIPE_SNOMEDCT: "true",
      MEDPIPE_ALERT_EMAIL: "oncall@clinic.example",
      MEDPIPE_MISSING_ENTITIES_AFTER_HOURS: "9",
      MEDPIPE_OPERATOR_ROLE_TRUST: "arn:aws:iam::111122223333:role/clinic-ops",
    });
    const variables = configVariables(deployed);
    expect(loadConfig("prod", variables)).toEqual(deployed);
  });

  it("takes overrides from MEDPIPE_* variables and names a bad one", () => {
    const config = loadConfig("dev", { MEDPIPE_SNOMEDCT: "true", MEDPIPE_MEETING_CLOSE_AFTER_HOURS: "6" });
    expect(config.entities.snomedct).toBe(true);
    expect(config.meeting.closeAfterHours).toBe(6);
    expect(() => loadConfig("dev", { MEDPIPE_CAPTURE_MEDIA: "hologram" })).toThrow(/MEDPIPE_CAPTURE_MEDIA/);
  });

  it.each([
    [{ control: "eu-west-1" }, /control region eu-west-1 is not possible: Chime SDK meetings/],
    [{ mediaPipeline: "eu-west-1" }, /media pipeline region eu-west-1 is not possible/],
    [{ data: "eu-north-1" }, /data region eu-north-1 is not possible: Transcribe Medical/],
    [{ data: "eu-central-1" }, /data region eu-central-1 is not possible: Comprehend Medical/],
    [{ secondary: "eu-west-1" }, /secondary region eu-west-1 must differ from the data region/],
  ])("refuses a combination AWS cannot run: %o", (change, message) => {
    expect(() => checkRegions({ ...regions, ...change })).toThrow(RegionConfigError);
    expect(() => checkRegions({ ...regions, ...change })).toThrow(message);
  });

  it("deploys the pipeline to the data region, the forwarder to the Chime regions, the replica to the secondary one", () => {
    const config = loadConfig("dev", {});
    expect(deploymentRoles(config, "eu-west-1")).toEqual(["pipeline"]);
    expect(deploymentRoles(config, "eu-central-1")).toEqual(["forwarder"]);
    expect(deploymentRoles(config, "af-south-1")).toEqual(["replica"]);
    expect(stageRegions(config)).toEqual(["eu-west-1", "eu-central-1", "af-south-1"]);
    expect(() => deploymentRoles(config, "us-east-1")).toThrow(/cannot deploy to us-east-1/);
  });

  it("deploys the forwarder and the replica together when the secondary region is the Chime control region", () => {
    const config = loadConfig("dev", { MEDPIPE_CONTROL_REGION: "af-south-1" });
    expect(deploymentRoles(config, "af-south-1")).toEqual(["forwarder", "replica"]);
    expect(stageRegions(config)).toEqual(["eu-west-1", "af-south-1", "eu-central-1"]);
  });

  it("subscribes alerts from MEDPIPE_ALERT_EMAIL and MEDPIPE_ALERT_URL, refusing a URL that is not HTTPS", () => {
    expect(loadConfig("dev", {}).alerts).toEqual({ email: null, url: null });
    const alerts = loadConfig("dev", {
      MEDPIPE_ALERT_EMAIL: "oncall@clinic.example",
      MEDPIPE_ALERT_URL: "https://hooks.clinic.example/medpipe",
    }).alerts;
    expect(alerts).toEqual({ email: "oncall@clinic.example", url: "https://hooks.clinic.example/medpipe" });
    expect(() => loadConfig("dev", { MEDPIPE_ALERT_URL: "http://hooks.clinic.example" })).toThrow(
      /MEDPIPE_ALERT_URL: must be an https:\/\/ URL/,
    );
    expect(() => loadConfig("dev", { MEDPIPE_ALERT_EMAIL: "on call" })).toThrow(/MEDPIPE_ALERT_EMAIL/);
  });

  it("creates the operator role only for a trusted account id or role ARN, and checks entities after 6 hours by default", () => {
    expect(loadConfig("dev", {}).operatorRoleTrust).toBeNull();
    expect(loadConfig("dev", { MEDPIPE_OPERATOR_ROLE_TRUST: "111122223333" }).operatorRoleTrust).toBe(
      "111122223333",
    );
    expect(() => loadConfig("dev", { MEDPIPE_OPERATOR_ROLE_TRUST: "arn:aws:iam::1:user/x" })).toThrow(
      /MEDPIPE_OPERATOR_ROLE_TRUST: must be a 12-digit account id or an IAM role ARN/,
    );
    expect(loadConfig("dev", {}).missingEntities).toEqual({ afterHours: 6 });
    expect(loadConfig("dev", { MEDPIPE_MISSING_ENTITIES_AFTER_HOURS: "12" }).missingEntities.afterHours).toBe(
      12,
    );
  });
});
