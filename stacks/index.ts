import { deploymentRoles, stageRegions } from "@medpipe/core/config";
import { messagingRegion } from "@medpipe/core/messaging";
import type { App } from "sst/constructs";
import { Api } from "./Api.js";
import { useConfig } from "./config.js";
import { Forwarder } from "./Forwarder.js";
import { Messaging } from "./Messaging.js";
import { Ops } from "./Ops.js";
import { Replica } from "./Replica.js";
import { Routing } from "./Routing.js";
import { Storage } from "./Storage.js";
import { Workflows } from "./Workflows.js";

/**
 * Every stack of the app in its region, in dependency order; the one place sst.config.ts and the tests compose
 * them: the pipeline in the data region, the forwarder in the Chime regions, the replica in the secondary region,
 * and consults' messaging in the Chime SDK messaging region.
 */
export function pipeline(app: App): void {
  // Grant log delivery through the bucket policy, not ACLs, so every bucket can enforce bucket-owner ownership.
  app.node.setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
  app.setDefaultFunctionProps({ runtime: "nodejs22.x", architecture: "arm_64", tracing: "active" });
  const config = useConfig(app);
  const messaging = app.region === messagingRegion();
  // A messaging region that is none of the stage's other regions holds the Messaging stack alone.
  const roles =
    messaging && !stageRegions(config).includes(app.region) ? [] : deploymentRoles(config, app.region);
  if (roles.includes("pipeline")) app.stack(Storage).stack(Workflows).stack(Routing).stack(Ops).stack(Api);
  if (roles.includes("forwarder")) app.stack(Forwarder);
  if (roles.includes("replica")) app.stack(Replica);
  if (messaging) app.stack(Messaging);
}
