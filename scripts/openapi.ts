import { writeFile } from "node:fs/promises";
import { openApiDocument } from "@medpipe/core/api";

// `npm run openapi`: writes the consult API's OpenAPI document, generated from the route table and the schemas
// the handlers validate with, to docs/openapi.json (a test checks that the committed copy is up to date).
export const OPENAPI_FILE = new URL("../docs/openapi.json", import.meta.url);

/** The document as committed: two-space JSON and a final newline. */
export function openApiText(): string {
  return `${JSON.stringify(openApiDocument(), null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await writeFile(OPENAPI_FILE, openApiText());
  process.stderr.write(`wrote ${OPENAPI_FILE.pathname}\n`);
}
