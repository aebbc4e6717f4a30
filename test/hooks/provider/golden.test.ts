import { hooks } from '../../../src/hooks/provider/index.js';
import { describeDecoratorGoldens } from '../support/golden-cases.js';

describeDecoratorGoldens('provider', hooks, 'ProviderStatus');
