import type { FacadeConfig } from '../config.js';
import { createDemoHandler, type DemoOptions } from './demo.js';
import { createEchoHandler } from './echo.js';
import { createRuntimeHandler } from './runtime.js';
import type { Handler } from './types.js';

/** The handler named by OMNIA_HANDLER_MODE. */
export function createHandler(config: Pick<FacadeConfig, 'handlerMode' | 'runtimeAddress'>, demo?: DemoOptions): Handler {
  switch (config.handlerMode) {
    case 'echo':
      return createEchoHandler();
    case 'demo':
      return createDemoHandler(demo);
    case 'runtime':
      return createRuntimeHandler({ address: config.runtimeAddress });
  }
}
