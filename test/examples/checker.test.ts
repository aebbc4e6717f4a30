// The example checker catches each kind of breakage: a valid in-memory example
// passes, and one deliberate break at a time makes it fail with a message that
// says what is wrong.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ROOT } from '../crds/support/crds.js';
import { checkUnit } from './support/check.js';
import type { SourceFile } from './support/files.js';

type Obj = Record<string, any>;

const PACK = {
  id: 'mini',
  name: 'Mini',
  version: '1.0.0',
  template_engine: { version: 'v1', syntax: '{{variable}}' },
  prompts: { default: { id: 'default', name: 'Mini', version: '1.0.0', system_template: 'Be brief.' } },
};

/** A small valid example: pack source, PromptPack, API-key Secret, AgentRuntime using a declared external Provider. */
function base(): Obj[] {
  return [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'mini-source' }, data: { 'pack.json': JSON.stringify(PACK, null, 2) } },
    {
      apiVersion: 'omnia.altairalabs.ai/v1alpha1',
      kind: 'PromptPack',
      metadata: { name: 'mini' },
      spec: { version: '1.0.0', source: { configMapRef: { name: 'mini-source' } } },
    },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'mini-keys' }, stringData: { 'api-keys': 'replace-me-1\nreplace-me-2\n' } },
    {
      apiVersion: 'omnia.altairalabs.ai/v1alpha1',
      kind: 'AgentRuntime',
      metadata: { name: 'mini-agent' },
      spec: {
        promptPackRef: { name: 'mini' },
        providerRef: { name: 'shared-claude' },
        facade: { auth: { apiKeysSecretRef: { name: 'mini-keys' } } },
      },
    },
  ];
}

const HEADER = '# A minimal example.\n# requires: Provider/shared-claude from manifests/examples/provider\n';

function file(docs: Obj[], header = HEADER): SourceFile[] {
  return [{ path: 'mem/example.yaml', text: header + docs.map((d) => stringify(d)).join('---\n') }];
}

/** Problems after applying `edit` to a fresh copy of the base documents. */
function broken(edit: (docs: Obj[]) => void, header = HEADER): string[] {
  const docs = base();
  edit(docs);
  return checkUnit(file(docs, header));
}

const agent = (docs: Obj[]): Obj => docs[3]!;
const cm = (docs: Obj[]): Obj => docs[0]!;

describe('the baseline', () => {
  it('a valid example has no problems', () => {
    expect(checkUnit(file(base()))).toEqual([]);
  });
});

describe('omnia kinds: CRD schema, CEL, fields', () => {
  it('an enum violation fails the openAPIV3Schema', () => {
    expect(broken((d) => (agent(d).spec.facade.handler = 'chat'))).toEqual([
      expect.stringMatching(/^mem\/example\.yaml#4 AgentRuntime\/mini-agent: schema: \/spec\/facade\/handler must be equal to one of the allowed values/),
    ]);
  });

  it('a CEL rule violation fails with the rule message', () => {
    const problems = broken((d) => (agent(d).spec.mode = 'function'));
    expect(problems).toContain(
      'mem/example.yaml#4 AgentRuntime/mini-agent: CEL rule at .spec: spec.mode function requires both spec.inputSchema and spec.outputSchema',
    );
    expect(problems.some((p) => p.includes('requires spec.facade.type grpc'))).toBe(true);
  });

  it('a CEL rule on a nested object fires: session redis without storeRef', () => {
    expect(broken((d) => (agent(d).spec.session = { type: 'redis' }))).toEqual([
      'mem/example.yaml#4 AgentRuntime/mini-agent: CEL rule at .spec.session: spec.session.storeRef is required when spec.session.type is redis or postgres',
    ]);
  });

  it('an unknown (misspelt) field is refused', () => {
    expect(broken((d) => (agent(d).spec.promptPackRef.tracks = 'canary'))).toEqual([
      'mem/example.yaml#4 AgentRuntime/mini-agent: unknown field .spec.promptPackRef.tracks',
    ]);
  });

  it('an apiVersion the CRD does not serve is refused', () => {
    expect(broken((d) => (agent(d).apiVersion = 'omnia.altairalabs.ai/v1beta1'))).toContainEqual(
      expect.stringContaining('apiVersion omnia.altairalabs.ai/v1beta1 is not served; use omnia.altairalabs.ai/v1alpha1'),
    );
  });

  it('an unknown omnia kind is refused', () => {
    expect(broken((d) => d.push({ apiVersion: 'omnia.altairalabs.ai/v1alpha1', kind: 'Agent', metadata: { name: 'x' } }))).toEqual([
      expect.stringContaining('has no kind Agent'),
    ]);
  });

  it('status does not belong in an example', () => {
    expect(broken((d) => (agent(d).status = { phase: 'Running' }))).toEqual([
      'mem/example.yaml#4 AgentRuntime/mini-agent: status is written by the controller, not by an example',
    ]);
  });

  it("an AgentRuntime name that cannot name its Service is refused", () => {
    expect(broken((d) => (agent(d).metadata.name = '1st-agent'))).toContainEqual(expect.stringContaining('must be a DNS-1035 label'));
  });

  it("the controller's own reader runs: an inputSchema that does not compile is reported", () => {
    const problems = broken((d) => {
      Object.assign(agent(d).spec, {
        mode: 'function',
        facade: { type: 'grpc', auth: { apiKeysSecretRef: { name: 'mini-keys' } } },
        inputSchema: { type: 'objekt' },
        outputSchema: { type: 'object' },
      });
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^mem\/example\.yaml#4 AgentRuntime\/mini-agent: AgentRuntime controller: .*inputSchema/);
  });
});

describe('core kinds: kubernetes-models', () => {
  it('a ConfigMap value that is not a string fails the kubernetes-models validator', () => {
    expect(broken((d) => (cm(d).data.extra = 42))).toEqual([expect.stringMatching(/ConfigMap\/mini-source: v1\/ConfigMap: .*must be string/)]);
  });

  it('a Service with a named (string) port number fails', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 'http' }] } };
    expect(broken((d) => d.push(svc))).toEqual([expect.stringMatching(/Service\/s: v1\/Service: .*port.*must be integer/)]);
  });

  it('a misspelt top-level Secret field (stringdata) is refused, though kubernetes-models lets it pass', () => {
    const problems = broken((d) => {
      d[2] = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'mini-keys' }, stringdata: { 'api-keys': 'replace-me' } };
    });
    expect(problems).toContain('mem/example.yaml#3 Secret/mini-keys: unknown field "stringdata" in v1/Secret');
    expect(problems).toContainEqual(expect.stringContaining('Secret mini-keys has no key api-keys'));
  });

  it('a kind without a validator is refused rather than skipped', () => {
    expect(broken((d) => d.push({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }))).toEqual([
      expect.stringContaining('no validator for example.com/v1/Widget'),
    ]);
  });

  it('server-owned metadata and a namespace on a cluster-scoped kind are refused', () => {
    expect(broken((d) => d.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n', namespace: 'x', uid: 'u' } }))).toEqual([
      'mem/example.yaml#5 Namespace/n: metadata.uid does not belong in an example',
      'mem/example.yaml#5 Namespace/n: v1/Namespace is cluster-scoped: remove metadata.namespace',
    ]);
  });

  it('a YAML syntax error is reported', () => {
    const problems = checkUnit([{ path: 'mem/bad.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n' }]);
    expect(problems).toEqual([expect.stringMatching(/^mem\/bad\.yaml document 1: YAML error/)]);
  });

  it('the same object twice is refused', () => {
    expect(broken((d) => d.push(structuredClone(d[0]!)))).toContainEqual(expect.stringContaining('defined twice'));
  });
});

describe('PromptPack sources', () => {
  it('the content schema is draft 2020-12, the dialect of the Ajv2020 validator the PromptPack controller (and so this checker) uses', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'promptpack-content.schema.json'), 'utf8')) as { $schema?: string };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('the referenced key must exist in the ConfigMap', () => {
    expect(broken((d) => (d[1]!.spec.source.configMapRef.key = 'prompts.json'))).toEqual([
      expect.stringContaining('ConfigMap "mini-source": key "prompts.json" not found (keys: "pack.json")'),
    ]);
  });

  it('without a key, the only key is read; with two keys and no pack.json it fails', () => {
    expect(broken((d) => (cm(d).data = { 'promptpack.json': cm(d).data['pack.json'] }))).toEqual([]);
    expect(broken((d) => (cm(d).data = { 'a.json': cm(d).data['pack.json'], 'b.json': '{}' }))).toEqual([
      expect.stringContaining('no key given and "pack.json" not found'),
    ]);
  });

  it('content that breaks the PromptPack schema fails', () => {
    const bad = { ...PACK, template_engine: undefined, id: 'Not Valid' };
    const problems = broken((d) => (cm(d).data['pack.json'] = JSON.stringify(bad)));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/violates the PromptPack schema: .*template_engine.*\/id must match pattern/);
  });

  it('content that is not JSON fails', () => {
    expect(broken((d) => (cm(d).data['pack.json'] = '{ "id": '))).toEqual([expect.stringContaining('is not valid JSON')]);
  });

  it("the content's version must be the PromptPack's spec.version", () => {
    expect(broken((d) => (d[1]!.spec.version = '1.1.0'))).toEqual([
      'mem/example.yaml#2 PromptPack/mini: ConfigMap "mini-source" key "pack.json" holds a pack that declares version 1.0.0, not spec.version 1.1.0; set both to the same version',
    ]);
  });

  it('the runtime must be able to pick a prompt: "default" or the only one', () => {
    const two = { ...PACK, prompts: { a: PACK.prompts.default, b: PACK.prompts.default } };
    expect(broken((d) => (cm(d).data['pack.json'] = JSON.stringify(two)))).toEqual([
      expect.stringMatching(/^mem\/example\.yaml#4 AgentRuntime\/mini-agent: the runtime cannot use PromptPack mini: .*none is called "default"/),
    ]);
  });

  it('an agent-mode template may only use variables with a default (it renders at start-up without values)', () => {
    const withVar = (variables: unknown[]) => ({
      ...PACK,
      prompts: { default: { ...PACK.prompts.default, system_template: 'You work for {{company}}.', variables } },
    });
    const required = withVar([{ name: 'company', type: 'string', required: true }]);
    expect(broken((d) => (cm(d).data['pack.json'] = JSON.stringify(required)))).toEqual([
      expect.stringContaining('required variable "company" has no value'),
    ]);
    const defaulted = withVar([{ name: 'company', type: 'string', required: false, default: 'Acme' }]);
    expect(broken((d) => (cm(d).data['pack.json'] = JSON.stringify(defaulted)))).toEqual([]);
    // an undeclared placeholder
    expect(broken((d) => (cm(d).data['pack.json'] = JSON.stringify(withVar([]))))).toEqual([
      expect.stringContaining('the template uses "company", which is neither a variable with a value nor a fragment'),
    ]);
  });

  it("a function-mode template is rendered with the inputSchema's fields", () => {
    const pack = { ...PACK, prompts: { default: { ...PACK.prompts.default, system_template: 'Summarise: {{text}}' } } };
    const fn = (input: Obj) => (d: Obj[]) => {
      cm(d).data['pack.json'] = JSON.stringify(pack);
      Object.assign(agent(d).spec, {
        mode: 'function',
        facade: { type: 'grpc', auth: { apiKeysSecretRef: { name: 'mini-keys' } } },
        inputSchema: input,
        outputSchema: { type: 'object' },
      });
    };
    expect(broken(fn({ type: 'object', properties: { text: { type: 'string' } } }))).toEqual([]);
    expect(broken(fn({ type: 'object', properties: { body: { type: 'string' } } }))).toEqual([
      expect.stringContaining('the template uses "text"'),
    ]);
  });
});

describe('references', () => {
  it('a reference to an object neither defined nor declared fails, naming the fix', () => {
    expect(broken((d) => (agent(d).spec.toolRegistryRef = { name: 'tools' }))).toEqual([
      'mem/example.yaml#4 AgentRuntime/mini-agent: spec.toolRegistryRef → ToolRegistry/tools is not defined in this example; define it, or declare it in the file\'s header: "# requires: ToolRegistry/tools <where it comes from>"',
    ]);
  });

  it('the same reference passes once the header declares where it comes from', () => {
    const header = `${HEADER}# requires: ToolRegistry/tools from manifests/examples/toolregistry\n`;
    expect(broken((d) => (agent(d).spec.toolRegistryRef = { name: 'tools' }), header)).toEqual([]);
  });

  it('a cross-namespace reference must be declared with its namespace', () => {
    const edit = (d: Obj[]) => (agent(d).spec.providerRef = { name: 'shared-claude', namespace: 'shared-providers' });
    expect(broken(edit)).toContainEqual(expect.stringContaining('"# requires: Provider/shared-providers/shared-claude <where it comes from>"'));
    expect(broken(edit, '# requires: Provider/shared-providers/shared-claude from the provider example\n')).toEqual([]);
  });

  it('a declaration without its explanation, or one nothing needs, is refused', () => {
    expect(checkUnit(file(base(), '# requires: Provider/shared-claude\n'))).toContainEqual(
      expect.stringContaining('malformed header line "# requires: Provider/shared-claude"'),
    );
    expect(checkUnit(file(base(), `${HEADER}# requires: ToolRegistry/unused from nowhere\n`))).toEqual([
      'mem/example.yaml: header declares "requires: ToolRegistry/unused" but nothing in the file needs it from outside',
    ]);
  });

  it('a Secret may instead be declared by the kubectl command that creates it, namespace included', () => {
    const edit = (d: Obj[]) => d.splice(2, 1); // drop the api-keys Secret
    expect(broken(edit)).toEqual([expect.stringContaining('spec.facade.auth.apiKeysSecretRef → Secret/mini-keys is not defined')]);
    expect(broken(edit, `${HEADER}#   kubectl create secret generic mini-keys --from-file=api-keys=keys.txt\n`)).toEqual([]);
    // created in another namespace than the agent's: still missing
    expect(broken(edit, `${HEADER}#   kubectl -n elsewhere create secret generic mini-keys --from-file=api-keys=keys.txt\n`)).toEqual([
      expect.stringContaining('Secret/mini-keys is not defined'),
      'mem/example.yaml: header declares "requires: Secret/elsewhere/mini-keys" but nothing in the file needs it from outside',
    ]);
  });

  it('a Secret defined in the example must hold the key the controller reads', () => {
    expect(broken((d) => (d[2]!.stringData = { keys: 'replace-me' }))).toEqual([
      'mem/example.yaml#4 AgentRuntime/mini-agent: spec.facade.auth.apiKeysSecretRef → Secret mini-keys has no key api-keys',
    ]);
  });

  it('an inline provider needs its vendor key in the Secret', () => {
    const problems = broken((d) => {
      delete agent(d).spec.providerRef;
      agent(d).spec.provider = { type: 'openai', secretRef: { name: 'mini-keys' } };
    }, '# no external objects\n');
    expect(problems).toEqual(['mem/example.yaml#4 AgentRuntime/mini-agent: spec.provider.secretRef → Secret mini-keys has no key OPENAI_API_KEY']);
  });
});

describe('secrets', () => {
  const REAL = 'sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';

  it('a real-looking Secret value fails without the value appearing in the message', () => {
    const problems = broken((d) => (d[2]!.stringData['api-keys'] = `replace-me-1\n${REAL}\n`));
    expect(problems).toContain(
      'mem/example.yaml#3 Secret/mini-keys: stringData.api-keys is not a placeholder; every value (each line) must contain "replace-me"',
    );
    expect(problems).toContainEqual(expect.stringMatching(/^mem\/example\.yaml:\d+: looks like an Anthropic API key/));
    expect(problems.join('\n')).not.toContain('AbCdEf');
  });

  it('base64 data is decoded before the placeholder check', () => {
    const ok = broken((d) => (d[2] = { ...d[2], stringData: undefined, data: { 'api-keys': Buffer.from('replace-me').toString('base64') } }));
    expect(ok).toEqual([]);
    const bad = broken((d) => (d[2] = { ...d[2], stringData: undefined, data: { 'api-keys': Buffer.from('hunter2').toString('base64') } }));
    expect(bad).toEqual([expect.stringContaining('data.api-keys is not a placeholder')]);
  });

  it('a key shape in a comment, or a URL with a real password anywhere, fails', () => {
    expect(checkUnit(file(base(), `${HEADER}# e.g. ANTHROPIC_API_KEY=${REAL}\n`))).toContainEqual(
      expect.stringContaining('mem/example.yaml:3: looks like an Anthropic API key'),
    );
    const url = broken((d) => (cm(d).data.note = 'postgres://omnia:s3cret@db:5432/omnia'));
    expect(url).toEqual([expect.stringContaining('URL with a password')]);
    expect(broken((d) => (cm(d).data.note = 'postgres://omnia:replace-me@db:5432/omnia'))).toEqual([]);
  });
});
