import type { PipelineConfig } from "@medpipe/core/config";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";

/**
 * Subscribes whoever the configuration names to an alerts topic: `MEDPIPE_ALERT_EMAIL` (an e-mail to confirm) and
 * `MEDPIPE_ALERT_URL` (an HTTPS endpoint, which must confirm the subscription too). Every alerts topic of the
 * stage, in every region, notifies the same people. `medpipe doctor` checks that they confirmed.
 *
 * @example
 * subscribeAlerts(topic, config);
 */
export function subscribeAlerts(topic: sns.Topic, config: PipelineConfig): void {
  if (config.alerts.email) topic.addSubscription(new subscriptions.EmailSubscription(config.alerts.email));
  if (config.alerts.url) {
    topic.addSubscription(
      new subscriptions.UrlSubscription(config.alerts.url, {
        protocol: sns.SubscriptionProtocol.HTTPS,
      }),
    );
  }
}
