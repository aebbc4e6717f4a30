import { createLogger } from '../shared/logger.js';
import { missingReason, startRuntime, startUnavailable } from './start.js';

// `node dist/runtime/main.js`: the agent pod's runtime container.
const log = createLogger('runtime');

try {
  let rt: { close(timeoutMs?: number): Promise<void> };
  const unavailable = missingReason(process.env);
  if (unavailable) {
    // Deployed without its PromptPack or Provider: serve the reason, never crash-loop.
    const started = await startUnavailable(unavailable, { log });
    log.warn({ url: started.url, healthUrl: started.healthUrl }, `runtime listening, ${unavailable}`);
    rt = started;
  } else {
    const started = await startRuntime({ log });
    log.info(
      {
        url: started.url,
        healthUrl: started.healthUrl,
        provider: started.provider.name,
        model: started.provider.model,
        mode: started.settings.mode,
        maxSteps: started.agent.maxSteps,
        maxStepsFrom: started.agent.stepLimit.source,
      },
      'runtime listening',
    );
    rt = started;
  }
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
