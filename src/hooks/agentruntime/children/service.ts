// Service `<name>`: ClusterIP, port `facade` → the facade port, selecting the
// pods of both tracks so a running canary receives its share of connections.

import type { KubeObject } from '../../metacontroller.js';
import { agentSelector, commonLabels } from '../constants.js';

export function buildService(name: string, port: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { labels: commonLabels(name), name },
    spec: {
      ports: [{ name: 'facade', port, protocol: 'TCP', targetPort: 'facade' }],
      selector: agentSelector(name),
      type: 'ClusterIP',
    },
  };
}
