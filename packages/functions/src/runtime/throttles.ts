import type { ComprehendMedicalClient } from "@aws-sdk/client-comprehendmedical";

const THROTTLING = new Set(["ThrottlingException", "TooManyRequestsException"]);

/**
 * Counts every Comprehend Medical call the service throttled (the extractor retries them), so that the Ops
 * stack's "throttling sustained" alarm has its metric.
 *
 * @example
 * countThrottles(new ComprehendMedicalClient({}), () => metrics.addMetric("ComprehendThrottles", "Count", 1));
 */
export function countThrottles(
  client: ComprehendMedicalClient,
  onThrottle: () => void,
): ComprehendMedicalClient {
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (error instanceof Error && THROTTLING.has(error.name)) onThrottle();
        throw error;
      }
    },
    { step: "initialize", name: "countComprehendThrottles" },
  );
  return client;
}
