import { messagingRegion } from "@medpipe/core/messaging";
import { synthesize } from "../../../../stacks/synthesize.js";
import type { Template } from "./resources.js";

/**
 * The stacks a local run deploys onto the stand-ins: every stack of the data region's app, and the Messaging
 * stack of the messaging region's (the rig is one region; the forwarder, which only relays Chime's events to the
 * data region, has nothing to run there).
 *
 * @example
 * const templates = await localTemplates("local", { MEDPIPE_CONSENT_GATE: "off" });
 */
export async function localTemplates(
  stage: string,
  settings?: Record<string, string>,
): Promise<Record<string, Template>> {
  const { templates } = await synthesize({ stage, checks: false, settings });
  const messaging = await synthesize({ stage, region: messagingRegion(), checks: false, settings });
  const name = `${stage}-medpipe-Messaging`;
  const messagingTemplate = messaging.templates[name] ?? templates[name];
  if (!messagingTemplate) throw new Error(`no ${name} stack in the messaging region's app`);
  return {
    ...(templates as unknown as Record<string, Template>),
    [name]: messagingTemplate as unknown as Template,
  };
}
