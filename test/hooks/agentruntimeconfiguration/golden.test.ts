import { hooks } from '../../../src/hooks/agentruntimeconfiguration/index.js';
import { describeHookGoldens } from '../support/golden-cases.js';

describeHookGoldens('agentruntimeconfiguration', hooks, 'AgentRuntimeConfigurationStatus', { shape: 'decorator', minSyncCases: 4 });
