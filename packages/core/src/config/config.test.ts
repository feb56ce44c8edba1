import { describe, expect, it } from "vitest";
import { RETENTION_DAYS } from "../retention/period.js";
import { checkRegions, configVariables, deploymentRole, loadConfig, RegionConfigError } from "./index.js";

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

  it("deploys the pipeline to the data region, only the forwarder to the Chime regions, and nothing elsewhere", () => {
    const config = loadConfig("dev", {});
    expect(deploymentRole(config, "eu-west-1")).toBe("pipeline");
    expect(deploymentRole(config, "eu-central-1")).toBe("forwarder");
    expect(() => deploymentRole(config, "us-east-1")).toThrow(/cannot deploy to us-east-1/);
  });
});
