import { APP_NAME, loadConfig, stageRegions } from "@medpipe/core/config";
import { messagingRegion } from "@medpipe/core/messaging";
import { Aspects, Aws } from "aws-cdk-lib";
import { AwsSolutionsChecks, HIPAASecurityChecks } from "cdk-nag";
import { App } from "sst/constructs";
import { initProject } from "sst/project.js";
import { useSettings } from "./config.js";
import { pipeline } from "./index.js";
import { suppressReviewedFindings } from "./nag-suppressions.js";

export interface NagFinding {
  stack: string;
  path: string;
  rule: string;
  message: string;
}

export interface SynthesizedApp {
  app: App;
  templates: Record<string, Record<string, unknown>>;
  findings: NagFinding[];
}

export interface SynthesizeOptions {
  stage?: string;
  region?: string;
  /** Bundle the functions with esbuild instead of using placeholders (slower). */
  bundle?: boolean;
  /** Apply cdk-nag (default); local runs that only need the definitions skip it. */
  checks?: boolean;
  /** `MEDPIPE_*` settings to deploy with, over the process's environment (as `sst deploy` reads them). */
  settings?: Record<string, string>;
}

let projectReady: Promise<void> | undefined;

/**
 * Synthesizes every stack of the app offline, without AWS credentials, with cdk-nag's HIPAA and AWS Solutions
 * checks applied; returns each stack's CloudFormation template and the findings that remain.
 *
 * @example
 * const { templates, findings } = await synthesize({ stage: "test" });
 */
export async function synthesize(options: SynthesizeOptions = {}): Promise<SynthesizedApp> {
  const stage = options.stage ?? "test";
  projectReady ??= initProject({ stage, region: options.region });
  await projectReady;
  // The account stays a CloudFormation reference, as it is in a real deployment's templates.
  const app = new App({
    mode: "deploy",
    stage,
    name: APP_NAME,
    region: options.region ?? "eu-west-1",
    account: Aws.ACCOUNT_ID,
  });
  if (options.settings) useSettings(app, options.settings);
  pipeline(app);
  if (options.bundle) await app.finish();
  if (options.checks ?? true) {
    Aspects.of(app).add(new AwsSolutionsChecks());
    Aspects.of(app).add(new HIPAASecurityChecks());
    suppressReviewedFindings(app);
  }

  const assembly = app.synth();
  const templates: SynthesizedApp["templates"] = {};
  const findings: NagFinding[] = [];
  for (const stack of assembly.stacks) {
    templates[stack.stackName] = stack.template;
    for (const message of stack.messages.filter((m) => m.level === "error")) {
      const text = String(message.entry.data);
      findings.push({
        stack: stack.stackName,
        path: message.id,
        rule: text.split(/[:[]/)[0] ?? "",
        message: text,
      });
    }
  }
  return { app, templates, findings };
}

export interface SynthesizedStage {
  /** Each stack's template, by stack name (`<name>@<region>` when two regions deploy a stack of the same name). */
  templates: Record<string, Record<string, unknown>>;
  /** The region each template is deployed to, by the same keys. */
  regions: Record<string, string>;
  findings: NagFinding[];
}

/**
 * Synthesizes every app of a stage, one per region it deploys to (the data region's pipeline, the Chime control
 * region's forwarder, the secondary region's replica), with cdk-nag over all of them: what `npm run synth` writes.
 *
 * @example
 * const { templates, findings } = await synthesizeStage({ stage: "prod" });
 */
export async function synthesizeStage(
  options: Omit<SynthesizeOptions, "region"> & { stage: string },
): Promise<SynthesizedStage> {
  const result: SynthesizedStage = { templates: {}, regions: {}, findings: [] };
  const apps = [];
  const config = loadConfig(options.stage, { ...process.env, ...options.settings });
  for (const region of new Set([...stageRegions(config), messagingRegion()])) {
    apps.push({ region, synthesized: await synthesize({ ...options, region }) });
  }
  const names = apps.flatMap(({ synthesized }) => Object.keys(synthesized.templates));
  for (const { region, synthesized } of apps) {
    for (const [name, template] of Object.entries(synthesized.templates)) {
      const key = names.filter((other) => other === name).length > 1 ? `${name}@${region}` : name;
      result.templates[key] = template;
      result.regions[key] = region;
    }
    result.findings.push(...synthesized.findings);
  }
  return result;
}
