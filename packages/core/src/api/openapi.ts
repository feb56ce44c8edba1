import * as z from "zod";
import { API_ROUTES, type ApiRoute } from "./routes.js";
import { apiSchemas, errorBody } from "./schemas.js";

const STATUS_TEXT: Record<number, string> = {
  400: "A bad consult id, message id or body; the message names the field.",
  401: "The access token is missing, malformed, forged or expired (`token-expired`: refresh and retry).",
  403: "The caller is not a participant (`not-a-participant`) or their role may not do this (`wrong-role`).",
  404: "No such consult (`consult-not-found`), or no such message in it (`message-not-found`).",
  409: "Outside the join window (`outside-join-window`) or the consult is closed (`consult-closed`).",
  500: "Something failed on the server; nothing about the consult is in the message.",
};

/** A JSON Schema from the registry, referenced by name; inline for unnamed ones. */
function schemaOf(schema: z.ZodType): object {
  const id = apiSchemas.get(schema)?.id;
  return id ? { $ref: `#/components/schemas/${id}` } : withoutMeta(z.toJSONSchema(schema));
}

function withoutMeta(schema: object): object {
  const { $schema: _schema, $id: _id, ...rest } = schema as Record<string, unknown>;
  return rest;
}

function json(description: string, schema: z.ZodType) {
  return { description, content: { "application/json": { schema: schemaOf(schema) } } };
}

function operation(route: ApiRoute) {
  const parameters = Object.entries(route.pathParameters.shape).map(([name, schema]) => ({
    name,
    in: "path",
    required: true,
    description: (schema as z.ZodType).description,
    schema: withoutMeta(z.toJSONSchema(schema as z.ZodType)),
  }));
  const responses: Record<string, object> = {
    [route.success.status]: json(route.summary, route.success.schema),
  };
  for (const status of [400, 401, ...route.errors, 500]) {
    responses[status] = json(STATUS_TEXT[status] ?? "", errorBody);
  }
  return {
    ...(route.body
      ? { requestBody: { required: true, content: { "application/json": { schema: schemaOf(route.body) } } } }
      : {}),
    operationId: route.handler.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase()),
    summary: route.summary,
    description: route.description,
    security: [{ supabaseAccessToken: [] }],
    parameters,
    responses,
  };
}

/**
 * The OpenAPI 3.1 document of the consult API, generated from the route table and the schemas the handlers
 * validate with (`npm run openapi` writes it to docs/openapi.json).
 *
 * @example
 * writeFileSync("docs/openapi.json", `${JSON.stringify(openApiDocument(), null, 2)}\n`);
 */
export function openApiDocument() {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of API_ROUTES) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route) };
  }
  const { schemas } = z.toJSONSchema(apiSchemas, { uri: (id) => `#/components/schemas/${id}` });
  return {
    openapi: "3.1.0",
    info: {
      title: "medpipe consult API",
      version: "1",
      description:
        "The consult rooms of the clinic's app: join, end, consent, state and chat. Every request carries the " +
        'signed-in user\'s Supabase access token; errors are `{"error": {"code", "message"}}`.',
    },
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, withoutMeta(schema)])),
      securitySchemes: {
        supabaseAccessToken: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "The user's Supabase Auth access token (`session.access_token`).",
        },
      },
    },
  };
}
