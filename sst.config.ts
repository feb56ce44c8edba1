import { APP_NAME, loadConfig } from "@medpipe/core/config";
import type { SSTConfig } from "sst";
import { pipeline } from "./stacks/index.js";

export default {
  config(input) {
    return { name: APP_NAME, region: input.region ?? loadConfig(input.stage ?? "dev").regions.data };
  },
  stacks(app) {
    pipeline(app);
  },
} satisfies SSTConfig;
