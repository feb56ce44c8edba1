import { deploymentRole } from "@medpipe/core/config";
import type { App } from "sst/constructs";
import { Api } from "./Api.js";
import { useConfig } from "./config.js";
import { Forwarder } from "./Forwarder.js";
import { Ops } from "./Ops.js";
import { Routing } from "./Routing.js";
import { Storage } from "./Storage.js";
import { Workflows } from "./Workflows.js";

/** Every stack of the app, in dependency order; the one place sst.config.ts and the tests compose them. */
export function pipeline(app: App): void {
  // Grant log delivery through the bucket policy, not ACLs, so every bucket can enforce bucket-owner ownership.
  app.node.setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
  app.setDefaultFunctionProps({ runtime: "nodejs22.x", architecture: "arm_64", tracing: "active" });
  if (deploymentRole(useConfig(app), app.region) === "forwarder") {
    app.stack(Forwarder);
    return;
  }
  app.stack(Storage).stack(Workflows).stack(Routing).stack(Ops).stack(Api);
}
