import { defaultRegistry } from '../../../src/hooks/registry.js';
import { describeHookGoldens } from '../support/golden.js';

// The three gateway kinds share their hooks (src/hooks/gateway/); each keeps its own cases.
for (const kind of ['aigateway', 'toolgateway', 'agentgateway'] as const) {
  describeHookGoldens(kind, defaultRegistry[kind].hooks, { shape: 'decorator', statusDefinition: `${defaultRegistry[kind].kind}Status`, minSyncCases: 3 });
}
