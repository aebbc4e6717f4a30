// A ToolServer's spec with its defaults applied (docs/api.md, ToolServer). The
// object may not have passed the CRD's schema (hook tests, `omnia render` of a
// hand-written file), so every field is read defensively: a wrong type or value
// is recorded and the sync answers with a Failed status instead of throwing.

import { isObject, type Json } from '../../shared/json.js';
import { SpecReader } from '../request/spec-reader.js';

export type ToolProtocol = 'mcp' | 'http';
export type TransportType = 'http' | 'sse';

export interface ToolServerSpec {
  protocol: ToolProtocol;
  transportType: TransportType;
  image: string;
  command?: string[];
  args?: string[];
  port: number;
  path: string;
  description?: string;
  replicas: number;
  env?: Json[];
  envFrom?: Json[];
  resources?: Json;
}

export const DEFAULT_PORT = 8080;

/** The endpoint path when spec.path is absent: where MCP SDK servers listen by default. */
export function defaultPath(protocol: ToolProtocol, transport: TransportType): string {
  if (protocol === 'http') return '/';
  return transport === 'sse' ? '/sse' : '/mcp';
}

// stdio is named on purpose: it is what many MCP servers speak, and the reason
// it is refused is worth a sentence rather than "not one of http, sse".
const STDIO =
  'transportType stdio is not supported: a ToolServer is reached over the network through its Service; run the stdio server behind an image that bridges it to streamable HTTP and use transportType http';

export function readToolServerSpec(raw: unknown): { spec: ToolServerSpec; errors: string[] } {
  const r = new SpecReader();
  const p = 'spec';
  const spec = isObject(raw) ? raw : undefined;
  if (!spec) r.fail(p, 'expected object');
  const protocol = r.oneOf(spec, 'protocol', p, ['mcp', 'http'] as const, 'mcp');
  let transportType: TransportType = 'http';
  if (spec?.transportType === 'stdio') r.fail(`${p}.transportType`, STDIO);
  else transportType = r.oneOf(spec, 'transportType', p, ['http', 'sse'] as const, 'http');
  if (protocol === 'http' && transportType !== 'http') r.fail(`${p}.transportType`, `${transportType} is for protocol mcp only`);

  const image = r.string(spec, 'image', p) ?? '';
  if (image.trim() === '') r.fail(`${p}.image`, 'required');
  const path = r.string(spec, 'path', p);
  if (path !== undefined && !path.startsWith('/')) r.fail(`${p}.path`, `"${path}" must start with /`);
  const resources = r.object(spec, 'resources', p);
  const env = r.containerEnv(spec, p);
  const description = r.string(spec, 'description', p);
  const command = r.strings(spec, 'command', p);
  const args = r.strings(spec, 'args', p);

  const out: ToolServerSpec = {
    protocol,
    transportType,
    image,
    ...(command ? { command } : {}),
    ...(args ? { args } : {}),
    port: r.int(spec, 'port', p, { min: 1, max: 65535 }) ?? DEFAULT_PORT,
    path: path ?? defaultPath(protocol, transportType),
    ...(description ? { description } : {}),
    replicas: r.int(spec, 'replicas', p, { min: 0 }) ?? 1,
    ...env,
    ...(resources ? { resources } : {}),
  };
  return { spec: out, errors: r.errors };
}
