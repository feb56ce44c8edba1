import type * as z from "zod";
import {
  consentResponse,
  consultIdPath,
  endResponse,
  joinResponse,
  messageIdPath,
  postMessageBody,
  postMessageResponse,
  redactMessageResponse,
  statusResponse,
} from "./schemas.js";

export type HttpMethod = "GET" | "POST" | "DELETE";

/** One route of the HTTP API: the handler file serving it, and what it takes and answers. */
export interface ApiRoute {
  /** `packages/functions/src/<handler>.ts`, one Lambda function per route. */
  handler: string;
  method: HttpMethod;
  /** In API Gateway's syntax: `/consults/{consultId}/join`. */
  path: `/${string}`;
  summary: string;
  description: string;
  pathParameters: z.ZodObject;
  /** The JSON body it takes, if any. */
  body?: z.ZodType;
  /** The success status and its body. */
  success: { status: 200 | 201 | 202; schema: z.ZodType };
  /** The error statuses this route answers besides 400, 401 and 500. */
  errors: Array<403 | 404 | 409>;
}

/**
 * Every route of the consult API. The Api stack deploys exactly these, the handlers validate with their schemas,
 * `medpipe serve` routes by them, and docs/openapi.json is generated from them: one list, one place.
 *
 * @example
 * for (const route of API_ROUTES) api.addRoutes(stack, { [routeKey(route)]: functionOf(route.handler) });
 */
export const API_ROUTES: readonly ApiRoute[] = [
  {
    handler: "join-consult",
    method: "POST",
    path: "/consults/{consultId}/join",
    summary: "Join the consult's meeting",
    description:
      "Creates the consult's Chime meeting on the first join of its window (or after the last one ended) and " +
      "the caller's attendee (a re-join gets the same attendee). Returns Chime's own Meeting and Attendee.",
    pathParameters: consultIdPath,
    success: { status: 200, schema: joinResponse },
    errors: [403, 404, 409],
  },
  {
    handler: "end-consult",
    method: "POST",
    path: "/consults/{consultId}/end",
    summary: "End the consult's meeting (clinicians)",
    description: "Deletes the live meeting; the pipeline runs from its MeetingEnded event. Idempotent.",
    pathParameters: consultIdPath,
    success: { status: 202, schema: endResponse },
    errors: [403, 404],
  },
  {
    handler: "give-consent",
    method: "POST",
    path: "/consults/{consultId}/consent",
    summary: "Consent to recording (the patient)",
    description:
      "Records the patient's recording consent. A live meeting starts recording then; otherwise the next " +
      "meeting of the consult is recorded from its start.",
    pathParameters: consultIdPath,
    success: { status: 200, schema: consentResponse },
    errors: [403, 404, 409],
  },
  {
    handler: "get-consult",
    method: "GET",
    path: "/consults/{consultId}",
    summary: "The consult's state",
    description:
      "Meeting live or ended, recording, transcript ready, entity count, consent and the last failed step, " +
      "for any participant. Ids, states and counts only.",
    pathParameters: consultIdPath,
    success: { status: 200, schema: statusResponse },
    errors: [403, 404],
  },
  {
    handler: "post-message",
    method: "POST",
    path: "/consults/{consultId}/messages",
    summary: "Post a message in the consult's chat",
    description:
      "Sends the message in the consult's Chime SDK messaging channel as the caller (any participant); it then " +
      "reaches the Supabase `chat` table, which the app reads and subscribes to with its own token.",
    pathParameters: consultIdPath,
    body: postMessageBody,
    success: { status: 201, schema: postMessageResponse },
    errors: [403, 404],
  },
  {
    handler: "redact-message",
    method: "DELETE",
    path: "/consults/{consultId}/messages/{messageId}",
    summary: "Redact a message (its sender, or a clinician)",
    description:
      "Redacts the message in Chime: its content is removed, the fact that it existed is kept, and `chat` shows it " +
      "redacted. Idempotent.",
    pathParameters: messageIdPath,
    success: { status: 200, schema: redactMessageResponse },
    errors: [403, 404],
  },
];

/**
 * The route's key as API Gateway names it.
 *
 * @example
 * routeKey(API_ROUTES[0]); // "POST /consults/{consultId}/join"
 */
export function routeKey(route: ApiRoute): string {
  return `${route.method} ${route.path}`;
}

/**
 * The route's path as the Powertools router matches it: `/consults/:consultId/join`.
 *
 * @example
 * app.post(routerPath(route), handler);
 */
export function routerPath(route: ApiRoute): `/${string}` {
  return route.path.replace(/\{([A-Za-z]+)\}/g, ":$1") as `/${string}`;
}

/**
 * The route a handler serves.
 *
 * @example
 * const route = apiRoute("join-consult");
 */
export function apiRoute(handler: string): ApiRoute {
  const route = API_ROUTES.find((candidate) => candidate.handler === handler);
  if (!route) throw new Error(`no API route is served by ${handler}`);
  return route;
}
