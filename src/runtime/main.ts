import { createLogger } from '../shared/logger.js';
import { startRuntime } from './start.js';

// `node dist/runtime/main.js`: the agent pod's runtime container.
const log = createLogger('runtime');

try {
  const rt = await startRuntime({ log });
  log.info(
    { url: rt.url, healthUrl: rt.healthUrl, provider: rt.provider.name, model: rt.provider.model, mode: rt.settings.mode, maxSteps: rt.agent.maxSteps, maxStepsFrom: rt.agent.stepLimit.source },
    'runtime listening',
  );
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'draining');
    rt.close(25_000).then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'drain failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
} catch (err) {
  // Start-up errors are configuration mistakes: one clear line, no stack.
  log.fatal(`runtime cannot start: ${(err as Error).message}`);
  process.exitCode = 1;
}
