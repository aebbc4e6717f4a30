// Reference for the sync benchmark: the real hook server (dist/, the same
// listener, body reading, envelope check, logging, metrics, ETag and canonical
// serialisation as `node dist/hooks/main.js`) with an AgentRuntime `sync` that
// does no work — it returns the real answer, parsed once at start-up and marked
// built-sorted as the real hook's answer is. What is left is what any hook pays
// through this server; the real figure minus this one is the hook's own work.
//   node bench/hooks/empty-hook-server.ts <port> <response.json>   (run with --import tsx)
// Prints one JSON line {"listening": port} once it accepts connections.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [portArg, responsePath] = process.argv.slice(2);
if (!portArg || !responsePath) {
  console.error('usage: empty-hook-server.ts <port> <response.json>');
  process.exit(2);
}
const dist = join(resolve(import.meta.dirname, '../..'), 'dist');
const load = async <T>(path: string): Promise<T> => (await import(pathToFileURL(join(dist, path)).href)) as T;
const { startHookServer } = await load<typeof import('../../src/hooks/server/listen.js')>('hooks/server/listen.js');
const { loadConfig } = await load<typeof import('../../src/hooks/server/config.js')>('hooks/server/config.js');
const { builtSorted } = await load<typeof import('../../src/shared/canonical-json.js')>('shared/canonical-json.js');
const { createLogger } = await load<typeof import('../../src/shared/logger.js')>('shared/logger.js');
const { defaultRegistry } = await load<typeof import('../../src/hooks/registry.js')>('hooks/registry.js');

const answer = builtSorted(JSON.parse(readFileSync(responsePath, 'utf8')) as object);
const registry = { ...defaultRegistry, agentruntime: { controller: 'composite' as const, hooks: { sync: () => answer } } };
// As main.ts: info level, one buffered line per request on stdout.
const logger = createLogger('omnia-hooks', 'info', { buffered: true });
const running = await startHookServer(loadConfig({ PORT: portArg, HOOKS_HOST: '127.0.0.1' }), registry, logger);
console.log(JSON.stringify({ listening: running.port }));
process.once('SIGTERM', () => void running.shutdown('SIGTERM').then(() => process.exit(0)));
