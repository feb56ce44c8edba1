export { openApiDocument } from "./openapi.js";
export { API_ROUTES, type ApiRoute, apiRoute, type HttpMethod, routeKey, routerPath } from "./routes.js";
export {
  apiSchemas,
  type ConsentResponse,
  chimeAttendee,
  chimeMeeting,
  consentResponse,
  consultIdPath,
  type EndResponse,
  type ErrorBody,
  endResponse,
  errorBody,
  type JoinResponse,
  joinResponse,
  messageIdPath,
  type PostMessageResponse,
  postMessageBody,
  postMessageResponse,
  type RedactMessageResponse,
  redactMessageResponse,
  type StatusResponse,
  statusResponse,
} from "./schemas.js";
