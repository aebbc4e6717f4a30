// spec.gateways {ai, tool, agent}: the gateway names an AgentRuntime or an
// AgentRuntimeConfiguration (its defaults) sets, read the same way for both.

import type { Json } from '../../shared/json.js';
import type { SpecReader } from '../request/spec-reader.js';
import { GATEWAY_ROLES, type GatewayRole } from './kinds.js';

export type GatewayNames = Partial<Record<GatewayRole, string>>;

/** The names set under `parent.gateways`; a wrong type or an empty name is recorded at its path. */
export function readGatewayNames(r: SpecReader, parent: Json | undefined, path: string): GatewayNames {
  const gateways = r.object(parent, 'gateways', path);
  const out: GatewayNames = {};
  for (const role of GATEWAY_ROLES) {
    const name = r.string(gateways, role, `${path}.gateways`);
    if (name === undefined) continue;
    if (name.trim() === '') r.fail(`${path}.gateways.${role}`, 'must be a non-empty name');
    else out[role] = name;
  }
  return out;
}
