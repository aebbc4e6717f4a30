import { hooks } from '../../../src/hooks/toolregistry/index.js';
import { describeDecoratorGoldens } from '../support/golden-cases.js';

describeDecoratorGoldens('toolregistry', hooks, 'ToolRegistryStatus');
