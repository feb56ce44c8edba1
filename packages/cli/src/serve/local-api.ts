import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { LocalApiRoute } from "../local/api-gateway.js";
import { apiGatewayEvent, matchRoute, writeResult } from "./http-event.js";

/** API Gateway's own answers, for requests that reach no function. */
const NO_ROUTE = {
  statusCode: 404,
  headers: { "content-type": "application/json" },
  body: '{"message":"Not Found"}',
};
/** API Gateway HTTP APIs take request bodies of up to 10 MB (API Gateway quotas). */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface LocalApi {
  url: string;
  stop(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * The consult API on 127.0.0.1, as API Gateway serves the deployed HTTP API: each request matched against the
 * template's routes and handed, as an HTTP API (payload 2.0) event, to `invoke`, which runs the route's
 * function as Lambda would (the local pipeline's).
 *
 * @example
 * const api = await startLocalApi({ port: 8787, routes: pipeline.apiRoutes, invoke: pipeline.invokeRoute });
 */
export async function startLocalApi(options: {
  port: number;
  routes: readonly LocalApiRoute[];
  invoke: (route: LocalApiRoute, event: APIGatewayProxyEventV2) => Promise<unknown>;
  /** Called once each answer is written: the local stage delivers what the request put on the bus. */
  afterRequest?: () => void;
}): Promise<LocalApi> {
  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? "/", "http://localhost");
      const matched = matchRoute(
        options.routes.map(({ route }) => route),
        request.method ?? "GET",
        url.pathname,
      );
      const body = await readBody(request);
      if (!matched) return writeResult(response, NO_ROUTE);
      if (body === null) {
        return writeResult(response, { statusCode: 413, body: '{"message":"Request Entity Too Large"}' });
      }
      const event = apiGatewayEvent(request, body, matched.route, matched.pathParameters);
      const deployed = options.routes.find(({ route }) => route === matched.route) as LocalApiRoute;
      writeResult(response, (await options.invoke(deployed, event)) as APIGatewayProxyStructuredResultV2);
    })()
      .finally(() => options.afterRequest?.())
      .catch(() => {
        // A function that fails (throws, times out, is throttled) is a 500 from API Gateway, with no detail.
        if (!response.headersSent)
          writeResult(response, { statusCode: 500, body: '{"message":"Internal Server Error"}' });
        else response.end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
