import { MEDIA_PIPELINES_ROLE, MEDIA_PIPELINES_SERVICE } from "@medpipe/core/recording";
import * as iam from "aws-cdk-lib/aws-iam";
import * as cr from "aws-cdk-lib/custom-resources";
import type { Construct } from "constructs";

/**
 * Chime SDK media pipelines can only join and capture a meeting once the account has their service-linked role
 * (docs.aws.amazon.com/chime-sdk/latest/dg/create-pipeline-role.html). A fresh account has none: the deploy creates
 * it, and an account that already has it (IAM answers InvalidInput, "has been taken") keeps its own. The role is
 * never deleted with the stack, since other applications of the account may use it.
 */
export function mediaPipelinesServiceLinkedRole(scope: Construct): cr.AwsCustomResource {
  return new cr.AwsCustomResource(scope, "MediaPipelinesServiceLinkedRole", {
    onCreate: {
      service: "IAM",
      action: "createServiceLinkedRole",
      parameters: { AWSServiceName: MEDIA_PIPELINES_SERVICE },
      physicalResourceId: cr.PhysicalResourceId.of(MEDIA_PIPELINES_ROLE),
      ignoreErrorCodesMatching: "InvalidInput.*",
    },
    policy: cr.AwsCustomResourcePolicy.fromStatements([
      new iam.PolicyStatement({
        actions: ["iam:CreateServiceLinkedRole"],
        resources: ["*"],
        conditions: { StringEquals: { "iam:AWSServiceName": MEDIA_PIPELINES_SERVICE } },
      }),
    ]),
    installLatestAwsSdk: false,
  });
}
