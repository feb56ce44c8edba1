import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { API_ROUTES } from "@medpipe/core/api";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { apiGatewayEvent, lambdaContext, matchRoute, writeResult } from "./http-event.js";

type ApiHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

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
 * The consult API on 127.0.0.1: each request matched against the deployed routes (`API_ROUTES`) and handed, as
 * an API Gateway HTTP API event, to the same Lambda handler that serves the route in AWS
 * (`packages/functions/src/<handler>.ts`, loaded on its first request).
 *
 * @example
 * const api = await startLocalApi({ port: 8787 }); // api.url === "http://127.0.0.1:8787"
 */
export async function startLocalApi(options: {
  port: number;
  /** Called once each answer is written: the local stage delivers what the request put on the bus. */
  afterRequest?: () => void;
}): Promise<LocalApi> {
  const handlers = new Map<string, Promise<ApiHandler>>();
  const handlerOf = (name: string) => {
    let handler = handlers.get(name);
    if (!handler) {
      handler = import(`@medpipe/functions/${name}`).then(
        (module) => (module as { handler: ApiHandler }).handler,
      );
      handlers.set(name, handler);
    }
    return handler;
  };

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? "/", "http://localhost");
      const matched = matchRoute(API_ROUTES, request.method ?? "GET", url.pathname);
      const body = await readBody(request);
      if (!matched) return writeResult(response, NO_ROUTE);
      if (body === null) {
        return writeResult(response, { statusCode: 413, body: '{"message":"Request Entity Too Large"}' });
      }
      const event = apiGatewayEvent(request, body, matched.route, matched.pathParameters);
      const handler = await handlerOf(matched.route.handler);
      writeResult(response, await handler(event, lambdaContext(matched.route.handler)));
    })()
      .finally(() => options.afterRequest?.())
      .catch(() => {
        // A function that throws is a 500 from API Gateway, with no detail.
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
