// A reason the agent cannot be (re)deployed as specified. `failed` problems need
// a change by someone (invalid spec, refused provider…) → phase Failed;
// `pending` ones wait for a dependency to appear or become ready → phase Pending.
// While any problem exists the hook keeps what already runs and creates nothing new.

export type ConditionType =
  | 'Ready'
  | 'DeploymentReady'
  | 'ServiceReady'
  | 'PromptPackReady'
  | 'ProviderReady'
  | 'ToolRegistryReady'
  | 'PeersReady'
  | 'GatewaysReady'
  | 'Progressing'
  | 'Degraded';

export interface Problem {
  /** The condition that explains it (Ready for spec-level problems). */
  condition: ConditionType;
  reason: string;
  message: string;
  severity: 'failed' | 'pending';
}
