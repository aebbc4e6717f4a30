import { hooks } from '../../../src/hooks/agentruntimeconfiguration/index.js';
import { describeDecoratorGoldens } from '../support/golden-cases.js';

describeDecoratorGoldens('agentruntimeconfiguration', hooks, 'AgentRuntimeConfigurationStatus');
