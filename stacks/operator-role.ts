import type { PipelineConfig } from "@medpipe/core/config";
import { messagingRegion } from "@medpipe/core/messaging";
import {
  OPERATOR_ACTIONS,
  type OperatorAction,
  type OperatorScope,
  operatorCondition,
  operatorResourceArns,
} from "@medpipe/core/replay";
import { Aws, type Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as s3 from "aws-cdk-lib/aws-s3";

/** The operator role's name: one per stage, in the account. */
export const operatorRoleName = (stage: string) => `${stage}-medpipe-operator`;

/**
 * The role `medpipe failures|replay|replay-chat|redrive|status|hold|release --stage` run under, made only when
 * `MEDPIPE_OPERATOR_ROLE_TRUST` names who may assume it (an account, whose IAM policies then decide who, or one
 * role). Its policy is `OPERATOR_ACTIONS` as it stands: each action on exactly the resources the table names for
 * it, one statement per set of resources and condition (the messaging key's kms:ViaService).
 *
 * @example
 * const role = operatorRole(stack, config, { key, dataBuckets: [recordings, transcripts, medicalData] });
 */
export function operatorRole(
  stack: Stack,
  config: PipelineConfig,
  resources: { key: kms.IKey; dataBuckets: s3.IBucket[] },
): iam.Role | null {
  if (!config.operatorRoleTrust) return null;
  const trust = /^\d{12}$/.test(config.operatorRoleTrust)
    ? new iam.AccountPrincipal(config.operatorRoleTrust)
    : new iam.ArnPrincipal(config.operatorRoleTrust);
  const scope: OperatorScope = {
    partition: Aws.PARTITION,
    account: Aws.ACCOUNT_ID,
    stage: config.stage,
    regions: { data: config.regions.data, control: config.regions.control, messaging: messagingRegion() },
    dataKeyArn: resources.key.keyArn,
    dataBucketArns: resources.dataBuckets.map((bucket) => bucket.bucketArn),
  };
  const actionsByResources = new Map<
    string,
    { allow: OperatorAction["allows"][number]; actions: Set<string> }
  >();
  for (const { allows } of OPERATOR_ACTIONS) {
    for (const allow of allows) {
      const id = `${[...allow.resources].sort().join(",")} via ${allow.viaService ?? "-"}`;
      const entry = actionsByResources.get(id) ?? { allow, actions: new Set<string>() };
      entry.actions.add(allow.action);
      actionsByResources.set(id, entry);
    }
  }
  const role = new iam.Role(stack, "OperatorRole", {
    roleName: operatorRoleName(config.stage),
    description: "What the medpipe ops commands need on this stage (OPERATOR_ACTIONS)",
    assumedBy: trust,
  });
  const policy = new iam.ManagedPolicy(stack, "OperatorPolicy", {
    description: "The medpipe ops commands' actions on this stage's resources",
    statements: [...actionsByResources.values()].map(({ allow, actions }) => {
      const condition = operatorCondition(allow, scope);
      return new iam.PolicyStatement({
        actions: [...actions].sort(),
        resources: allow.resources.flatMap((kind) => operatorResourceArns(kind, scope)),
        ...(condition ? { conditions: condition } : {}),
      });
    }),
  });
  role.addManagedPolicy(policy);
  return role;
}
