// The live board's server for bench/floor.ts, in a process of its own: the application (buildApp, no workers) on the
// bench database, its board fed by LISTEN floor. Its CPU is then the board's and the HTTP server's alone — the ticket
// changes are made by the bench's process, whose work (and heap, and collections) the measurement must not see.
// Started with fork(): argv = database URL, data directory. Prints nothing; answers over IPC:
//   { port } once listening; 'counts' → the board's counts; 'gc' → a full collection (needs --expose-gc), then
//   { collected: true }; 'close' → closes and exits.
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config.ts';
import { createContext } from '../src/container.ts';
import { createDb } from '../src/db/database.ts';
import { buildApp } from '../src/http/app.ts';
import { modules } from '../src/modules/index.ts';

const [url, dataDir] = process.argv.slice(2);
if (!url || !dataDir || !process.send) throw new Error('usage: fork(bench/floor-server.ts, [databaseUrl, dataDir])');
const db = createDb(url, { max: 10 });
const ctx = createContext(loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dataDir }), db, { databaseUrl: url });
const app = await buildApp(ctx, modules, { logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
process.on('message', (message) => {
  if (message === 'counts') process.send!({ counts: ctx.services.floorBoard.counts() });
  if (message === 'gc') {
    (globalThis as { gc?: () => void }).gc?.();
    process.send!({ collected: true });
  }
  if (message === 'close') {
    void (async () => {
      await app.close();
      await db.destroy();
      process.exit(0);
    })();
  }
});
process.send({ port: (app.server.address() as AddressInfo).port });
// The bench went away without closing: so does this server.
process.on('disconnect', () => process.exit(0));
