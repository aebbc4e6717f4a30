import { hooks } from '../../../src/hooks/provider/index.js';
import { describeHookGoldens } from '../support/golden.js';

describeHookGoldens('provider', hooks, { shape: 'decorator', statusDefinition: 'ProviderStatus', minSyncCases: 4 });
