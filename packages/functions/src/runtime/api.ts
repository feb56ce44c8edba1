import { RequestValidationError, Router } from "@aws-lambda-powertools/event-handler/http";
import type { Middleware } from "@aws-lambda-powertools/event-handler/types";
import { apiRoute, routerPath } from "@medpipe/core/api";
import { InvalidAccessTokenError } from "@medpipe/core/auth";
import { ConsultRequestError } from "@medpipe/core/consult";
import { isUuid } from "@medpipe/core/events";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { consultServices } from "./consult-services.js";
import { logger } from "./logger.js";

/** What the authentication middleware leaves for the route: the verified caller's Supabase user id. */
export type ApiEnv = { store: { request: { userId: string } } };

/** The API's one error shape, `{"error": {"code", "message"}}`. */
export function errorResponse(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

const CONSULT_ERROR_STATUS: Record<string, number> = {
  "consult-not-found": 404,
  "message-not-found": 404,
  "not-a-participant": 403,
  "wrong-role": 403,
  "outside-join-window": 409,
  "consult-closed": 409,
};

/** Verifies the caller's access token before anything else runs; the route reads `reqCtx.get("userId")`. */
const authenticate: Middleware<ApiEnv> = async ({ reqCtx, next }) => {
  const { verify } = await consultServices();
  const { userId } = await verify(reqCtx.req.headers.get("authorization") ?? undefined);
  reqCtx.set("userId", userId);
  await next();
};

/** A field of a validation issue as the caller named it: `consultId`, `body.content`. */
function fieldOf(path: readonly unknown[] | undefined): string {
  const [where, ...rest] = (path ?? []).map((part) =>
    typeof part === "object" && part !== null ? String((part as { key: unknown }).key) : String(part),
  );
  return where === "path" || where === "query" ? rest.join(".") : [where, ...rest].join(".");
}

/**
 * The router an API handler registers its one route on (`packages/core/src/api/routes.ts`): the caller's
 * token verified first, every refusal in the API's error shape, and one log line per request with the route,
 * status and time (ids only; never a body).
 *
 * @example
 * const { app, path } = consultRouter("join-consult");
 * app.post(path, async (reqCtx) => ..., { validation: { req: { path: consultIdPath } } });
 * export const handler = (event, context) => app.resolve(event, context);
 */
export function consultRouter(handler: string) {
  const app = new Router<ApiEnv>({ logger });
  app.use(authenticate);
  app.errorHandler(InvalidAccessTokenError, async (error) =>
    errorResponse(401, error.problem === "expired" ? "token-expired" : "unauthenticated", error.message),
  );
  app.errorHandler(RequestValidationError, async (error) => {
    const [issue] = (error.details?.issues ?? []) as Array<{ message: string; path?: unknown[] }>;
    const field = fieldOf(issue?.path) || "(request)";
    return errorResponse(400, "invalid-request", `${field}: ${issue?.message ?? "is invalid"}`);
  });
  app.errorHandler(ConsultRequestError, async (error) =>
    errorResponse(CONSULT_ERROR_STATUS[error.code] ?? 400, error.code, error.message),
  );
  app.notFound(async () => errorResponse(404, "not-found", "no such route"));
  app.methodNotAllowed(async () => errorResponse(405, "method-not-allowed", "no such method on this route"));
  app.errorHandler(Error, async (error) => {
    logger.error("request failed", { error: error.name, reason: error.message });
    return errorResponse(500, "internal-error", "the request failed on the server");
  });
  return { app, path: routerPath(apiRoute(handler)) };
}

/**
 * The Lambda handler of a router: resolves the API Gateway (HTTP API, payload 2.0) event and logs the outcome.
 *
 * @example
 * export const handler = lambdaHandler(app, "join-consult");
 */
export function lambdaHandler(app: Router<ApiEnv>, name: string) {
  return async (event: APIGatewayProxyEventV2, context: Context) => {
    const started = performance.now();
    const result = await app.resolve(event, context);
    const consultId = event.pathParameters?.consultId;
    logger.info("request", {
      handler: name,
      consultId: consultId && isUuid(consultId) ? consultId : undefined,
      status: result.statusCode,
      ms: Math.round(performance.now() - started),
    });
    return result;
  };
}
