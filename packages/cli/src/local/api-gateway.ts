import { API_ROUTES, type ApiRoute, routeKey } from "@medpipe/core/api";
import type { LocalResources } from "./resources.js";

/** A route of the HTTP API as the template deploys it, with the function its integration invokes. */
export interface LocalApiRoute {
  route: ApiRoute;
  functionArn: string;
}

/**
 * The HTTP API's routes as the stacks deploy them (`AWS::ApiGatewayV2::Route`, each targeting a Lambda
 * integration), each paired with core's route of that key, which names the handler's source. A deployed route
 * core does not know is refused: the rig could not tell what runs behind it.
 *
 * @example
 * localApiRoutes(resources).map(({ route }) => routeKey(route)); // ["POST /consults/{consultId}/join", …]
 */
export function localApiRoutes(resources: LocalResources): LocalApiRoute[] {
  const integrations = resources.ofType("AWS::ApiGatewayV2::Integration");
  return resources.ofType("AWS::ApiGatewayV2::Route").map((deployed) => {
    const key = String(deployed.properties.RouteKey);
    const route = API_ROUTES.find((candidate) => routeKey(candidate) === key);
    if (!route) throw new Error(`the API deploys a route ${key} that core's route table does not hold`);
    const target = resources.resolveString(deployed.properties.Target, deployed.stack);
    const integration = integrations.find(
      (candidate) => candidate.stack === deployed.stack && `integrations/${candidate.name}` === target,
    );
    if (!integration) throw new Error(`route ${key} targets ${target}, which the stack does not define`);
    return {
      route,
      functionArn: resources.resolveString(integration.properties.IntegrationUri, integration.stack),
    };
  });
}
