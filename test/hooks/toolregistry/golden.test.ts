import { hooks } from '../../../src/hooks/toolregistry/index.js';
import { describeHookGoldens } from '../support/golden.js';

describeHookGoldens('toolregistry', hooks, { shape: 'decorator', statusDefinition: 'ToolRegistryStatus', minSyncCases: 4 });
