import { loadConfig, type PipelineConfig } from "@medpipe/core/config";
import type { App } from "sst/constructs";

const configs = new WeakMap<App, PipelineConfig>();
const settings = new WeakMap<App, Record<string, string | undefined>>();

/** Deploys the app with these `MEDPIPE_*` settings over the process's environment (a local run's own). */
export function useSettings(app: App, overrides: Record<string, string>): void {
  settings.set(app, { ...process.env, ...overrides });
}

/** The pipeline configuration of the app's stage, loaded once per app. */
export function useConfig(app: App): PipelineConfig {
  let config = configs.get(app);
  if (!config) {
    config = loadConfig(app.stage, settings.get(app) ?? process.env);
    configs.set(app, config);
  }
  return config;
}
