import { loadConfig, type PipelineConfig } from "@medpipe/core/config";
import type { App } from "sst/constructs";

const configs = new WeakMap<App, PipelineConfig>();

/** The pipeline configuration of the app's stage, loaded once per app. */
export function useConfig(app: App): PipelineConfig {
  let config = configs.get(app);
  if (!config) {
    config = loadConfig(app.stage);
    configs.set(app, config);
  }
  return config;
}
