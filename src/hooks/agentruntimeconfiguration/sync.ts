import { dig } from '../../shared/json.js';
import type { DecoratorSyncResponse, KubeObject } from '../metacontroller.js';
import { withTransitionTimes, type DesiredCondition } from '../shared/conditions.js';
import { objectsOf } from '../shared/objects.js';
import { readRequest } from '../request/envelope.js';
import { specProblems } from './validate.js';
import type { AgentRuntimeConfigurationStatus } from '../../types/generated/agentruntimeconfiguration.js';

/** The namespace whose configuration sets cluster-wide defaults (where the hooks run). */
export const CONTROLLER_NAMESPACE = 'omnia-system';
export const ARC_TYPE = 'AgentRuntimeConfiguration.omnia.altairalabs.ai/v1alpha1';

/**
 * Sync: validate the spec and say whether this configuration is the one in
 * effect for its namespace. docs/api.md: when several exist in a namespace the
 * first by name wins; the others are shadowed (phase Invalid, Effective False).
 */
export function syncAgentRuntimeConfiguration(request: unknown, now: Date): DecoratorSyncResponse {
  const { subject: arc, name, namespace, related } = readRequest(request, 'decorator', 'sync', 'AgentRuntimeConfiguration');
  const problems = specProblems(arc.spec);
  const winner = firstByName(objectsOf(related, ARC_TYPE), namespace, name);
  const shadowed = winner !== name;
  const effectiveFor = namespace === CONTROLLER_NAMESPACE ? 'cluster' : 'namespace';
  const scope = effectiveFor === 'cluster' ? 'the cluster' : `namespace ${namespace}`;

  const conditions: DesiredCondition[] = [
    problems.length
      ? { type: 'Valid', status: 'False', reason: 'InvalidSpec', message: problems.join('; ') }
      : { type: 'Valid', status: 'True', reason: 'Valid', message: 'spec is valid' },
    shadowed
      ? {
          type: 'Effective',
          status: 'False',
          reason: 'Shadowed',
          message: `shadowed by AgentRuntimeConfiguration "${winner}": the first by name in namespace ${namespace} is used`,
        }
      : problems.length
        ? { type: 'Effective', status: 'False', reason: 'InvalidSpec', message: `not applied to ${scope}: the spec is invalid` }
        : { type: 'Effective', status: 'True', reason: 'FirstByName', message: `defaults for ${scope}` },
  ];
  const status: AgentRuntimeConfigurationStatus = {
    phase: problems.length === 0 && !shadowed ? 'Ready' : 'Invalid',
    effectiveFor,
    conditions: withTransitionTimes(conditions, dig(arc.status, 'conditions'), now),
  };
  return { status: { ...status } };
}

/** The name of the configuration in effect: the smallest name among live ones in the namespace, this one included. */
function firstByName(related: KubeObject[], namespace: string, self: string): string {
  const names = related
    .filter((o) => (o.metadata.namespace ?? namespace) === namespace && !o.metadata.deletionTimestamp)
    .map((o) => o.metadata.name);
  names.push(self);
  return names.reduce((min, n) => (n < min ? n : min));
}
