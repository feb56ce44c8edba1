import { deploymentRoles } from "@medpipe/core/config";
import type { App } from "sst/constructs";
import { Api } from "./Api.js";
import { useConfig } from "./config.js";
import { Forwarder } from "./Forwarder.js";
import { Ops } from "./Ops.js";
import { Replica } from "./Replica.js";
import { Routing } from "./Routing.js";
import { Storage } from "./Storage.js";
import { Workflows } from "./Workflows.js";

/**
 * Every stack of the app in its region, in dependency order; the one place sst.config.ts and the tests compose
 * them: the pipeline in the data region, the forwarder in the Chime regions, the replica in the secondary region.
 */
export function pipeline(app: App): void {
  // Grant log delivery through the bucket policy, not ACLs, so every bucket can enforce bucket-owner ownership.
  app.node.setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
  app.setDefaultFunctionProps({ runtime: "nodejs22.x", architecture: "arm_64", tracing: "active" });
  const roles = deploymentRoles(useConfig(app), app.region);
  if (roles.includes("pipeline")) app.stack(Storage).stack(Workflows).stack(Routing).stack(Ops).stack(Api);
  if (roles.includes("forwarder")) app.stack(Forwarder);
  if (roles.includes("replica")) app.stack(Replica);
}
