import { hooks } from '../../../src/hooks/agenticworkforce/index.js';
import { describeHookGoldens } from '../support/golden.js';

describeHookGoldens('agenticworkforce', hooks, { shape: 'decorator', statusDefinition: 'AgenticWorkforceStatus', minSyncCases: 7 });
