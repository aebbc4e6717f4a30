// Every example under manifests/examples/ — whatever is there when this runs —
// goes through the same checker (support/check.ts): CRD schema + CEL after
// API-server defaulting, kubernetes-models for core kinds, PromptPack content,
// references, secrets. The last block shows the checker failing on a broken
// copy of a real example file.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkUnit } from './support/check.js';
import { allFiles, EXAMPLES, exampleUnits, isKustomization, yamlFilesUnder } from './support/files.js';
import { textSecretProblems } from './support/secrets.js';

const units = exampleUnits();

describe('manifests/examples', () => {
  it('every YAML file under manifests/examples belongs to exactly one checked unit', () => {
    const checked = units.flatMap((u) => u.files.map((f) => f.path));
    const all = yamlFilesUnder(EXAMPLES).filter((f) => !isKustomization(f));
    expect(checked.length).toBeGreaterThan(0);
    expect([...checked].sort()).toEqual(all);
  });

  it.each(units.map((u) => [u.name, u] as const))('%s is valid', (_name, unit) => {
    expect(checkUnit(unit.files)).toEqual([]);
  });
});

describe('the other files under manifests/examples (READMEs…)', () => {
  const others = allFiles(EXAMPLES).filter((f) => !/\.ya?ml$/.test(f));

  it.each(others)('%s holds no real-looking credential', (file) => {
    expect(textSecretProblems(file, readFileSync(join(EXAMPLES, file), 'utf8'))).toEqual([]);
  });

  it('the scan has teeth', () => {
    expect(textSecretProblems('x.md', 'curl -H "Authorization: Bearer ghp_0123456789abcdefghijklmnopqrstuvwxyzAB"')).toEqual([
      'x.md:1: looks like a GitHub token; use "replace-me"',
    ]);
  });
});

describe('the checker on a broken copy of a real example', () => {
  const path = 'agentruntime/production-agent.yaml';
  const text = readFileSync(join(EXAMPLES, path), 'utf8');
  const check = (t: string) => checkUnit([{ path, text: t }]);

  it('the original passes', () => {
    expect(check(text)).toEqual([]);
  });

  it('a mistyped autoscaling type fails the CRD schema', () => {
    const broken = text.replace('      type: keda\n', '      type: kedaa\n');
    expect(broken).not.toBe(text);
    expect(check(broken)).toEqual([
      expect.stringMatching(/^agentruntime\/production-agent\.yaml#\d+ AgentRuntime\/production-agent: schema: \/spec\/runtime\/autoscaling\/type must be equal to one of the allowed values/),
    ]);
  });

  it('a renamed Provider leaves a dangling providerRef', () => {
    const broken = text.replace('  name: claude-production\n  namespace: agents', '  name: claude-prod\n  namespace: agents');
    expect(broken).not.toBe(text);
    expect(check(broken)).toEqual([expect.stringContaining('spec.providerRef → Provider/claude-production is not defined in this example')]);
  });

  it('a real-looking key in place of the placeholder fails', () => {
    const broken = text.replace('ANTHROPIC_API_KEY: replace-me', 'ANTHROPIC_API_KEY: sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe');
    expect(check(broken)).toEqual([
      expect.stringMatching(/^agentruntime\/production-agent\.yaml:\d+: looks like an Anthropic API key/),
      expect.stringContaining('Secret/claude-credentials: stringData.ANTHROPIC_API_KEY is not a placeholder'),
    ]);
  });
});
