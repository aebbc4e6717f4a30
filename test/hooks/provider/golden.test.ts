import { hooks } from '../../../src/hooks/provider/index.js';
import { describeHookGoldens } from '../support/golden-cases.js';

describeHookGoldens('provider', hooks, 'ProviderStatus', { shape: 'decorator', minSyncCases: 4 });
