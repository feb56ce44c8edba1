import { readFile } from "node:fs/promises";
import { expect, it } from "vitest";
import { OPENAPI_FILE, openApiText } from "./openapi.js";

it("docs/openapi.json is the document the route table and schemas generate (npm run openapi)", async () => {
  expect(await readFile(OPENAPI_FILE, "utf8")).toBe(openApiText());
});

it("documents every route with its success, the error shape and the bearer token", () => {
  const document = JSON.parse(openApiText());
  expect(Object.keys(document.paths).sort()).toEqual([
    "/consults/{consultId}",
    "/consults/{consultId}/consent",
    "/consults/{consultId}/end",
    "/consults/{consultId}/join",
    "/consults/{consultId}/messages",
    "/consults/{consultId}/messages/{messageId}",
  ]);
  expect(
    document.paths["/consults/{consultId}/join"].post.responses["409"].content["application/json"].schema,
  ).toEqual({ $ref: "#/components/schemas/Error" });
  expect(document.paths["/consults/{consultId}/end"].post.responses["202"]).toBeDefined();
  expect(document.components.securitySchemes.supabaseAccessToken).toMatchObject({ scheme: "bearer" });
  const post = document.paths["/consults/{consultId}/messages"].post;
  expect(post.requestBody.content["application/json"].schema).toEqual({
    $ref: "#/components/schemas/PostMessage",
  });
  expect(post.responses["201"]).toBeDefined();
  expect(document.components.schemas.PostMessage.properties.content).toMatchObject({
    type: "string",
    minLength: 1,
  });
  const redact = document.paths["/consults/{consultId}/messages/{messageId}"].delete;
  expect(redact.parameters.map((p: { name: string }) => p.name)).toEqual(["consultId", "messageId"]);
});
