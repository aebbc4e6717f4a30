// The PromptPack source ConfigMaps of an example: the PromptPack controller's
// own reader decides which key it reads (the named one, else pack.json, else
// the only key) and validates the content against
// schemas/promptpack-content.schema.json (draft 2020-12, with Ajv2020).
// Beyond that: the content's version is the PromptPack's spec.version, the
// source does not take the name of a per-version ConfigMap the controller
// owns, and the built-in runtime of every agent using the pack can load it,
// pick its prompt and render the system prompt — with no variables in agent
// mode (it renders once at start-up), with the input's fields in function mode.

import type { KubeObject } from '../../../src/hooks/metacontroller.js';
import { versionConfigMapName } from '../../../src/hooks/promptpack/names.js';
import { readPack } from '../../../src/hooks/promptpack/source.js';
import { parsePack, renderSystemPrompt, selectPrompt } from '../../../src/runtime/promptpack.js';
import { where, type Doc, type Obj } from './parse.js';
import { findDoc, namespaceOf } from './units.js';

/** Agents whose built-in (promptkit) runtime loads this pack. */
function builtInRuntimeAgents(docs: Doc[], pack: Doc): Doc[] {
  return docs.filter((d) => {
    const spec = (d.object.spec ?? {}) as Obj;
    return (
      d.object.kind === 'AgentRuntime' &&
      spec.promptPackRef?.name === pack.object.metadata?.name &&
      namespaceOf(d.object) === namespaceOf(pack.object) &&
      (spec.facade?.handler ?? 'runtime') === 'runtime' &&
      (spec.framework?.type ?? 'promptkit') === 'promptkit'
    );
  });
}

/** A value of the right type for every property of a function's inputSchema. */
function sampleInput(schema: unknown): Record<string, unknown> {
  const props = ((schema as Obj | undefined)?.properties ?? {}) as Record<string, Obj>;
  const sample = (p: Obj): unknown => {
    switch (p.type) {
      case 'integer':
      case 'number':
        return typeof p.minimum === 'number' ? p.minimum : 1;
      case 'boolean':
        return true;
      case 'array':
        return [];
      case 'object':
        return {};
      default:
        return 'sample text';
    }
  };
  return Object.fromEntries(Object.entries(props).map(([k, p]) => [k, sample(p)]));
}

export function promptPackProblems(docs: Doc[]): string[] {
  const problems: string[] = [];
  for (const pack of docs.filter((d) => d.object.kind === 'PromptPack')) {
    const ref = pack.object.spec?.source?.configMapRef;
    const cmName = typeof ref?.name === 'string' ? ref.name : undefined;
    if (!cmName) continue; // the CRD check reports it
    const cm = findDoc(docs, 'ConfigMap', cmName, namespaceOf(pack.object));
    if (!cm) continue; // external: the reference check decides whether that is declared
    const at = where(pack);
    const version = String(pack.object.spec?.version ?? '');
    if (cmName === versionConfigMapName(String(pack.object.metadata?.name), version)) {
      problems.push(`${at}: source ConfigMap ${cmName} has the name of the per-version ConfigMap the controller creates; rename it`);
    }
    const key = typeof ref.key === 'string' ? ref.key : undefined;
    // readPack also compares the pack's own version with spec.version, as the hook does.
    const result = readPack(cm.object as KubeObject, cmName, key, version);
    if (!result.ok) {
      problems.push(`${at}: ${result.message}`);
      continue;
    }
    for (const agent of builtInRuntimeAgents(docs, pack)) {
      const fn = agent.object.spec?.mode === 'function';
      try {
        const prompt = selectPrompt(parsePack(result.text, `${cmName}/${result.sourceKey}`));
        renderSystemPrompt(prompt, fn ? sampleInput(agent.object.spec?.inputSchema) : {});
      } catch (err) {
        problems.push(`${where(agent)}: the runtime cannot use PromptPack ${String(pack.object.metadata?.name)}: ${(err as Error).message}`);
      }
    }
  }
  return problems;
}
