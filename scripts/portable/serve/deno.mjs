// Serves the bundled CA handler (.tmp/serve-runtimes/app.mjs) with Deno.serve on 127.0.0.1, a
// free port; prints "LISTENING <port>" once it listens. Stopped by a signal.
// Usage: deno run --allow-net=127.0.0.1 --allow-read=.tmp scripts/portable/serve/deno.mjs <app.mjs>
const { handler } = await import(new URL(Deno.args[0], `file://${Deno.cwd()}/`).href);
Deno.serve({ hostname: '127.0.0.1', port: 0, onListen: ({ port }) => console.log(`LISTENING ${port} deno ${Deno.version.deno}`) }, (request, info) =>
  handler(request, { remoteAddress: info.remoteAddr.hostname }),
);
