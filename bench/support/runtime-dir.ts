// A runtime's files as the benches give them to it: a PromptPack and the
// agent's config in a fresh temporary directory (what the pod mounts), and the
// env that points a mock-provider runtime at them. Shared by bench/runtime and
// bench/surfaces so both measure the same agent.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface RuntimeDir {
  dir: string;
  /** The runtime's env: loopback, kernel-chosen ports, the mock provider, these files; `extra` on top. */
  env(extra?: Record<string, string>): Record<string, string>;
}

/** `prompt`: the default prompt's fields past id/name/version (its system_template, variables). */
export function runtimeDir(prefix: string, prompt: Record<string, unknown>): RuntimeDir {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  mkdirSync(path.join(dir, 'config'));
  writeFileSync(
    path.join(dir, 'pack.json'),
    JSON.stringify({
      id: 'bench',
      name: 'Bench',
      version: '1.0.0',
      template_engine: { version: 'v1', syntax: '{{variable}}' },
      prompts: { default: { id: 'default', name: 'D', version: '1.0.0', ...prompt } },
    }),
  );
  writeFileSync(path.join(dir, 'config', 'agent.json'), JSON.stringify({ instructions: 'Be brief.', reasoningLoopMaxSteps: 5 }));
  return {
    dir,
    env: (extra = {}) => ({
      OMNIA_RUNTIME_PORT: '0',
      OMNIA_RUNTIME_HOST: '127.0.0.1',
      OMNIA_RUNTIME_HEALTH_PORT: '0',
      OMNIA_PROMPTPACK_PATH: path.join(dir, 'pack.json'),
      OMNIA_CONFIG_DIR: path.join(dir, 'config'),
      OMNIA_PROVIDER_TYPE: 'mock',
      ...extra,
    }),
  };
}
