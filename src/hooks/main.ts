// `node dist/hooks/main.js` (or `omnia hooks`): the Metacontroller hook server.
import { createLogger } from '../shared/logger.js';
import { defaultRegistry } from './registry.js';
import { loadConfig } from './server/config.js';
import { startHookServer } from './server/listen.js';

// Buffered: one line per hook request. process.exit below writes out whatever
// is still buffered (the logger flushes its buffer synchronously on exit).
const logger = createLogger('omnia-hooks', undefined, { buffered: true });

try {
  const running = await startHookServer(loadConfig(), defaultRegistry, logger);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void running.shutdown(signal).then(() => process.exit(0));
    });
  }
} catch (err) {
  logger.fatal({ err }, 'hook server failed to start');
  process.exit(1);
}
