import { hooks } from '../../../src/hooks/toolregistry/index.js';
import { describeHookGoldens } from '../support/golden-cases.js';

describeHookGoldens('toolregistry', hooks, 'ToolRegistryStatus', { shape: 'decorator', minSyncCases: 4 });
