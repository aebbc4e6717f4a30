// sync: ToolServer → its Service and Deployment + status. Pure. A spec that
// cannot be deployed is a Failed status, not a hook error, and the observed
// children are re-emitted as last applied (Metacontroller deletes any child an
// answer leaves out), so a bad edit never takes a running tool server down.

import { sortKeys } from '../../shared/canonical-json.js';
import type { CompositeSyncResponse, KubeObject } from '../metacontroller.js';
import { readRequest } from '../request/envelope.js';
import { findObject } from '../shared/objects.js';
import { keptChildren } from '../agentruntime/children/kept.js';
import { TOOLSERVER_CHILD_KINDS as K } from './child-kinds.js';
import { buildToolServerDeployment } from './children/deployment.js';
import { buildToolServerService } from './children/service.js';
import { toolNameOf, toolServerNames } from './names.js';
import { readToolServerSpec } from './spec.js';
import { toolServerStatus } from './status.js';

export function syncToolServer(body: unknown, now: Date): CompositeSyncResponse {
  const { subject, name, namespace, children: observed } = readRequest(body, 'composite', 'sync', 'ToolServer');
  const { spec, errors } = readToolServerSpec(subject.spec);
  const names = toolServerNames(name);

  let invalid = errors.length > 0 ? errors.join('; ') : undefined;
  let children: KubeObject[] = [];
  if (!invalid) {
    const built = buildToolServerDeployment(name, spec);
    if ('invalid' in built) invalid = built.invalid;
    else children = [buildToolServerService(name, spec), built.deployment];
  }
  if (invalid) children = keptChildren(observed);

  const deployment = children.find((c) => c.kind === K.deployment.kind && c.metadata.name === names.deployment);
  const status = toolServerStatus({
    invalid,
    deployment,
    observedDeployment: findObject(observed, K.deployment.key, names.deployment),
    serviceName: names.service,
    serviceExists: findObject(observed, K.service.key, names.service) !== undefined,
    url: `http://${names.service}.${namespace}.svc.cluster.local:${spec.port}${spec.path}`,
    toolName: toolNameOf(name),
    observedStatus: subject.status,
    now,
  });
  return sortKeys({ children, status: { ...status } }) as CompositeSyncResponse;
}
