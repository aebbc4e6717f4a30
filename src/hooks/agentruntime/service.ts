// Service `<name>`: ClusterIP, port `facade` → the facade port, selecting the
// pods of both tracks so a running canary receives its share of connections.

import type { KubeObject } from '../metacontroller.js';
import { agentSelector, commonLabels } from './constants.js';

export function buildService(name: string, port: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels: commonLabels(name) },
    spec: {
      type: 'ClusterIP',
      selector: agentSelector(name),
      ports: [{ name: 'facade', port, targetPort: 'facade', protocol: 'TCP' }],
    },
  };
}
