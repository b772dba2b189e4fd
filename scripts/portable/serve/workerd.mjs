// Writes a workerd config that serves the bundled CA handler (app.mjs, beside it) as a Worker's
// fetch handler on 127.0.0.1:<port>, then runs `workerd serve` on it; prints "LISTENING <port>"
// once the socket answers. No Node compatibility flag: the plain Workers runtime.
// Usage: node scripts/portable/serve/workerd.mjs <dir containing app.mjs> <port>
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');
const dir = resolve(process.argv[2]);
const port = Number(process.argv[3]);
writeFileSync(
  join(dir, 'worker.mjs'),
  `import { handler } from './app.mjs';
export default {
  fetch(request) {
    return handler(request, { remoteAddress: request.headers.get('cf-connecting-ip') ?? undefined });
  },
};
`,
);
writeFileSync(
  join(dir, 'workerd.capnp'),
  `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "ca", worker = .caWorker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "ca") ],
);
const caWorker :Workerd.Worker = (
  modules = [
    (name = "worker.mjs", esModule = embed "worker.mjs"),
    (name = "app.mjs", esModule = embed "app.mjs"),
  ],
  compatibilityDate = "2025-09-01",
);
`,
);
const child = spawn(join(ROOT, 'tools/runtimes/node_modules/.bin/workerd'), ['serve', 'workerd.capnp', '--verbose'], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
child.on('exit', (code, signal) => {
  console.error(`workerd exited (${code ?? signal})`);
  process.exit(code ?? 1);
});
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => child.kill(s));
// If whoever started this wrapper goes away (even by SIGKILL, which this process cannot see),
// take workerd down too instead of leaving it listening.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) {
    child.kill('SIGKILL');
    process.exit(1);
  }
}, 500);
for (let i = 0; i < 200; i++) {
  try {
    await fetch(`http://127.0.0.1:${port}/.well-known/est/cacerts`, { method: 'HEAD' });
    console.log(`LISTENING ${port} workerd`);
    break;
  } catch {
    await new Promise((r) => setTimeout(r, 100));
  }
}
