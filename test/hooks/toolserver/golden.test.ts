import { hooks } from '../../../src/hooks/toolserver/index.js';
import { validateChild } from '../../support/k8s-validate.js';
import { describeHookGoldens } from '../support/golden.js';

describeHookGoldens('toolserver', hooks, { shape: 'composite', statusDefinition: 'ToolServerStatus', minSyncCases: 10, checkChild: validateChild });
