// Serves the built site (dist/) with the cross-origin-isolation headers, so that
// SharedArrayBuffer, and with it multi-threaded WASM inference, is available.
//   npm run serve                    # http://127.0.0.1:3000
//   npm run serve -- --port 8080 --host 0.0.0.0
import { createServer, type Server } from "node:http";
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import sirv from "sirv";

export const ISOLATION_HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
} as const;

export interface StaticServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Starts a static server for `dir`; port 0 picks a free port. */
export async function startStaticServer({ dir = "dist", port = 3000, host = "127.0.0.1" } = {}): Promise<StaticServer> {
  if (!existsSync(dir)) throw new Error(`serve: ${dir}/ does not exist; run \`npm run build\` first.`);
  const files = sirv(dir, {
    dev: false,
    etag: true,
    extensions: ["html"],
    setHeaders(res) {
      for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v);
    },
  });
  const server = createServer((req, res) => {
    for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v);
    files(req, res, () => {
      res.statusCode = 404;
      res.setHeader("Content-Type", "text/plain; charset=utf-8");
      res.end(`Not found: ${req.url}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  return {
    url: `http://${host}:${actualPort}`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { port: { type: "string", default: "3000" }, host: { type: "string", default: "127.0.0.1" }, dir: { type: "string", default: "dist" } },
  });
  try {
    const { url } = await startStaticServer({ dir: values.dir, port: Number(values.port), host: values.host });
    console.log(`vessel-lab: serving ${values.dir}/ at ${url} (cross-origin isolated). Ctrl-C to stop.`);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
