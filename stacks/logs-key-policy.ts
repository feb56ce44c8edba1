import { Aws } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";

/**
 * Lets CloudWatch Logs encrypt this account's log groups of the key's region with the key
 * (docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html), under the statement id `sid`.
 *
 * @example
 * allowLogGroupEncryption(key, "CloudWatchLogsWorkflowLogs");
 */
export function allowLogGroupEncryption(key: kms.Key, sid: string): void {
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid,
      principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
      actions: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
      resources: ["*"],
      conditions: {
        ArnLike: {
          "kms:EncryptionContext:aws:logs:arn": `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:*`,
        },
      },
    }),
  );
}
