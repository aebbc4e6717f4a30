import { createLogger } from '../shared/logger.js';
import { createFacade } from './app.js';
import { loadFacadeConfig, type FacadeConfig } from './config.js';

// Entry point: env → config → facade; SIGTERM/SIGINT drain gracefully and the
// process exits within OMNIA_DRAIN_TIMEOUT whatever happens.
const logger = createLogger('facade');

let config: FacadeConfig;
try {
  config = loadFacadeConfig(process.env);
} catch (err) {
  logger.fatal({ err: (err as Error).message }, 'invalid facade configuration');
  process.exit(2);
}

const facade = createFacade(config, { logger, processMetrics: true });
try {
  await facade.listen();
} catch (err) {
  logger.fatal({ err }, 'facade failed to start');
  process.exit(1);
}

let stopping = false;
function stop(signal: string): void {
  if (stopping) return;
  stopping = true;
  logger.info({ signal, drainTimeoutMs: config.drainTimeoutMs }, 'draining');
  const hardStop = setTimeout(() => {
    logger.error('drain deadline passed; exiting');
    process.exit(1);
  }, config.drainTimeoutMs + 1_000);
  hardStop.unref();
  facade
    .close()
    .then(() => {
      logger.info('drained; bye');
      process.exit(0);
    })
    .catch((err: unknown) => {
      logger.error({ err }, 'drain failed');
      process.exit(1);
    });
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
