import { hooks } from '../../../src/hooks/agentruntimeconfiguration/index.js';
import { describeHookGoldens } from '../support/golden.js';

describeHookGoldens('agentruntimeconfiguration', hooks, {
  shape: 'decorator',
  statusDefinition: 'AgentRuntimeConfigurationStatus',
  minSyncCases: 4,
});
