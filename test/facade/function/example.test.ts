import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { withFormats } from '../../../src/shared/ajv-formats.js';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileFunctionSchemas } from '../../../src/facade/function/index.js';
import { echoOutput } from '../../../src/runtime/providers/mock.js';
import { crdValidator } from '../../crds/support/ajv.js';
import { violations } from '../../crds/support/cel.js';
import { crdForKind, ROOT } from '../../crds/support/crds.js';
import { applyDefaults } from '../../crds/support/defaulting.js';

// manifests/examples/echo-function must apply cleanly: every custom resource
// passes its CRD's schema and CEL rules (after API-server defaulting), the
// ConfigMap is a valid core object, the pack passes the PromptPack schema, and
// the pieces refer to each other by the right names.

const DIR = join(ROOT, 'manifests', 'examples', 'echo-function');
type Obj = Record<string, any>;
const load = (file: string): Obj => parse(readFileSync(join(DIR, file), 'utf8')) as Obj;

const configMap = load('configmap.yaml');
const pack = load('promptpack.yaml');
const provider = load('provider.yaml');
const agent = load('agentruntime.yaml');

describe('examples/echo-function', () => {
  it('the kustomization lists every manifest of the folder', () => {
    expect(load('kustomization.yaml').resources).toEqual(['configmap.yaml', 'promptpack.yaml', 'provider.yaml', 'agentruntime.yaml']);
  });

  for (const [file, obj] of [
    ['promptpack.yaml', pack],
    ['provider.yaml', provider],
    ['agentruntime.yaml', agent],
  ] as const) {
    it(`${file} passes its CRD schema and CEL rules`, () => {
      const crd = crdForKind(obj.kind);
      expect(obj.apiVersion).toBe(`${crd.manifest.spec.group}/${crd.manifest.spec.versions[0].name}`);
      const defaulted = applyDefaults(crd.schema, obj);
      const validate = crdValidator(crd.schema);
      expect(validate(defaulted), JSON.stringify(validate.errors)).toBe(true);
      expect(violations(crd.schema, defaulted)).toEqual([]);
    });
  }

  it('the ConfigMap is a valid core/v1 ConfigMap holding a valid PromptPack', () => {
    expect(() => new ConfigMap(configMap as ConstructorParameters<typeof ConfigMap>[0]).validate()).not.toThrow();
    const content = JSON.parse(configMap.data[pack.spec.source.configMapRef.key]);
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'promptpack-content.schema.json'), 'utf8'));
    const ajv = withFormats(new Ajv2020({ strict: false, allErrors: true }));
    const validate = ajv.compile(schema);
    expect(validate(content), ajv.errorsText(validate.errors)).toBe(true);
    expect(content.version).toBe(pack.spec.version);
    expect(content.prompts.default.system_template).toContain('{{text}}');
  });

  it('names line up: ConfigMap ← PromptPack ← AgentRuntime → Provider (mock, no secret)', () => {
    expect(pack.spec.source.configMapRef.name).toBe(configMap.metadata.name);
    expect(agent.spec.promptPackRef.name).toBe(pack.metadata.name);
    expect(agent.spec.providers).toEqual([{ name: 'default', providerRef: { name: provider.metadata.name } }]);
    expect(provider.spec.type).toBe('mock');
    expect(provider.spec.secretRef).toBeUndefined();
    expect(agent.spec).toMatchObject({ mode: 'function', facade: { type: 'grpc', handler: 'runtime', auth: { allowUnauthenticated: true } } });
  });

  it("the schemas compile, the README's curl input passes, and the mock provider's answer passes", () => {
    const v = compileFunctionSchemas(agent.spec.inputSchema, agent.spec.outputSchema);
    const readme = readFileSync(join(DIR, 'README.md'), 'utf8');
    const curl = /curl -s -X POST http:\/\/localhost:8080\/functions\/(\S+) \\\n\s+-H "Content-Type: application\/json" \\\n\s+-d '([^']+)'/.exec(readme);
    expect(curl?.[1]).toBe(agent.metadata.name);
    const input = JSON.parse(curl?.[2] ?? 'null');
    expect(v.validateInput(input)).toEqual({ ok: true });
    expect(v.validateOutput(echoOutput(input))).toEqual({ ok: true });
    expect(echoOutput(input)).toEqual({ echo: input.text });
    // and the documented 400 example really is one, with that message
    expect(v.validateInput({ txt: 'typo' })).toEqual({
      ok: false,
      message: "input must have required property 'text', input must NOT have additional properties",
    });
  });
});
