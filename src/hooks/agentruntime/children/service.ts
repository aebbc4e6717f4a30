// Service `<name>` (or its DNS-1035 form, names.ts): ClusterIP, port `facade` → the facade port, selecting the
// pods of both tracks so a running canary receives its share of connections.

import type { KubeObject } from '../../metacontroller.js';
import { agentSelector, commonLabels } from '../constants.js';
import { childNames } from './names.js';

export function buildService(name: string, port: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { labels: commonLabels(name), name: childNames(name).service },
    spec: {
      ports: [{ name: 'facade', port, protocol: 'TCP', targetPort: 'facade' }],
      selector: agentSelector(name),
      type: 'ClusterIP',
    },
  };
}
