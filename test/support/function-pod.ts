// The facade of a function-mode pod wired to a real runtime over loopback, as
// the pod runs it: the runtime handler, the function's config dir, no auth.
import { pino } from 'pino';
import { createFacade, type Facade } from '../../src/facade/app.js';
import { loadFacadeConfig } from '../../src/facade/config.js';
import type { SessionStore } from '../../src/facade/sessions/types.js';

export async function startFunctionFacade(opts: {
  name: string;
  runtimeUrl: string;
  configDir: string;
  store?: SessionStore;
}): Promise<{ facade: Facade; port: number }> {
  const facade = createFacade(
    loadFacadeConfig({
      OMNIA_AGENT_NAME: opts.name,
      OMNIA_MODE: 'function',
      OMNIA_FACADE_PORT: '0',
      OMNIA_HEALTH_PORT: '0',
      OMNIA_BIND_ADDRESS: '127.0.0.1',
      OMNIA_HANDLER_MODE: 'runtime',
      OMNIA_RUNTIME_ADDRESS: opts.runtimeUrl,
      OMNIA_CONFIG_DIR: opts.configDir,
      OMNIA_FACADE_ALLOW_UNAUTHENTICATED: 'true',
    }),
    { logger: pino({ level: 'silent' }), ...(opts.store ? { store: opts.store } : {}) },
  );
  const { port } = await facade.listen();
  return { facade, port };
}
