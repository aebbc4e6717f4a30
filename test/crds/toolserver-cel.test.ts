// The ToolServer CRD's CEL rule, evaluated with a real CEL engine on objects
// defaulted the way the API server defaults them, and the stdio refusal the
// schema's enum gives before any hook sees the object.

import { describe, expect, it } from 'vitest';
import { collectRules, violations } from './support/cel.js';
import { crdForKind } from './support/crds.js';
import { crdValidator } from './support/ajv.js';
import { applyDefaults } from './support/defaulting.js';

const { schema } = crdForKind('ToolServer');
const SSE_NEEDS_MCP = 'transportType sse is for protocol mcp only';

function server(spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'omnia.altairalabs.ai/v1alpha1', kind: 'ToolServer', metadata: { name: 't', namespace: 'n' }, spec: { image: 'ghcr.io/example/tool:1', ...spec } };
}
const check = (o: Record<string, unknown>): string[] => violations(schema, applyDefaults(schema, o)).map((v) => v.message);

describe('ToolServer CEL', () => {
  it('carries one rule, on spec', () => {
    expect(collectRules(schema).map((r) => [r.path, r.message])).toEqual([['.spec', SSE_NEEDS_MCP]]);
  });

  it.each([
    ['defaults (mcp over http)', {}],
    ['mcp over sse', { protocol: 'mcp', transportType: 'sse' }],
    ['sse with the protocol defaulted to mcp', { transportType: 'sse' }],
    ['http protocol over http', { protocol: 'http', transportType: 'http' }],
    ['http protocol, transport defaulted', { protocol: 'http' }],
  ])('accepts %s', (_name, spec) => {
    expect(check(server(spec))).toEqual([]);
  });

  it('refuses sse for a plain HTTP tool', () => {
    expect(check(server({ protocol: 'http', transportType: 'sse' }))).toEqual([SSE_NEEDS_MCP]);
  });

  it('defaults protocol mcp, transport http, port 8080 and one replica', () => {
    expect(applyDefaults(schema, server({})).spec).toMatchObject({ protocol: 'mcp', transportType: 'http', port: 8080, replicas: 1 });
  });

  it('the schema refuses stdio and a relative path', () => {
    const validate = crdValidator(schema);
    expect(validate(applyDefaults(schema, server({ transportType: 'stdio' })))).toBe(false);
    expect(validate(applyDefaults(schema, server({ path: 'mcp' })))).toBe(false);
    expect(validate(applyDefaults(schema, server({ path: '/mcp' })))).toBe(true);
  });
});
