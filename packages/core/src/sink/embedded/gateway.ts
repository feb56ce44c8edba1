import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { SUPABASE_JWKS_PATH } from "../../auth/access-token.js";

export interface Gateway {
  url: string;
  stop(): Promise<void>;
}

const restPrefix = "/rest/v1";

/**
 * Serves PostgREST (listening on `socketPath`) under `/rest/v1` on a free loopback port, as Supabase's API
 * gateway does, so that `createClient(gateway.url, key)` works unchanged, and the public signing keys at
 * {@link SUPABASE_JWKS_PATH}.
 */
export async function startGateway(socketPath: string, jwks: { keys: object[] }): Promise<Gateway> {
  const server = createServer((incoming, outgoing) => {
    const path = incoming.url ?? "/";
    if (incoming.method === "GET" && path === SUPABASE_JWKS_PATH) {
      outgoing.writeHead(200, { "content-type": "application/json", "cache-control": "max-age=600" });
      outgoing.end(JSON.stringify(jwks));
      return;
    }
    if (path !== restPrefix && !path.startsWith(`${restPrefix}/`) && !path.startsWith(`${restPrefix}?`)) {
      outgoing.writeHead(404, { "content-type": "application/json" });
      outgoing.end(JSON.stringify({ message: "no route matched" }));
      return;
    }
    const forwarded = request(
      {
        socketPath,
        method: incoming.method,
        path: path.slice(restPrefix.length) || "/",
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on("error", () => {
      if (!outgoing.headersSent) outgoing.writeHead(502, { "content-type": "application/json" });
      outgoing.end(JSON.stringify({ message: "PostgREST unreachable" }));
    });
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
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
