// Service `<name>` (its DNS-1035 form when the name is not one): ClusterIP, one
// port named after the protocol. Labelled and annotated for ToolRegistry
// discovery (src/hooks/toolregistry/discovery.ts): a registry entry selecting
// `omnia.altairalabs.ai/component: toolserver` (and the tool-protocol and
// tool-transport labels)
// finds it, and reads the tool's name, description and path from it.

import type { KubeObject } from '../../metacontroller.js';
import { TOOL_DESCRIPTION_ANNOTATION, TOOL_NAME_ANNOTATION, TOOL_PATH_ANNOTATION } from '../../toolregistry/discovery.js';
import { LABEL_TOOL_PROTOCOL, LABEL_TOOL_TRANSPORT, toolNameOf, toolServerLabels, toolServerNames, toolServerSelector } from '../names.js';
import type { ToolServerSpec } from '../spec.js';

export function buildToolServerService(name: string, spec: ToolServerSpec): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      // Keys in sorted order: hook answers are canonical JSON.
      annotations: {
        ...(spec.description ? { [TOOL_DESCRIPTION_ANNOTATION]: spec.description } : {}),
        [TOOL_NAME_ANNOTATION]: toolNameOf(name),
        [TOOL_PATH_ANNOTATION]: spec.path,
      },
      labels: { ...toolServerLabels(name), [LABEL_TOOL_PROTOCOL]: spec.protocol, [LABEL_TOOL_TRANSPORT]: spec.transportType },
      name: toolServerNames(name).service,
    },
    spec: {
      ports: [{ name: spec.protocol, port: spec.port, protocol: 'TCP', targetPort: spec.protocol }],
      selector: toolServerSelector(name),
      type: 'ClusterIP',
    },
  };
}
