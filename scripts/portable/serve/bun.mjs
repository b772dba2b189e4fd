// Serves the bundled CA handler (.tmp/serve-runtimes/app.mjs) with Bun.serve on 127.0.0.1, a
// free port; prints "LISTENING <port>" once it listens. Stopped by a signal.
// Usage: bun scripts/portable/serve/bun.mjs <app.mjs>
import { pathToFileURL } from 'node:url';

const { handler } = await import(pathToFileURL(process.argv[2]).href);
const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: (request, srv) => handler(request, { remoteAddress: srv.requestIP(request)?.address }) });
console.log(`LISTENING ${server.port} bun ${Bun.version}`);
