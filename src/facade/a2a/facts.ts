import { existsSync } from 'node:fs';
import { ENV, readEnv, type Env } from '../../contract/pod-env.js';
import { loadAgentFile, loadToolsFile } from '../../runtime/agent-config.js';
import { loadPack, selectPrompt } from '../../runtime/promptpack.js';
import type { FacadeConfig } from '../config.js';
import type { CardFacts, SkillFact } from './card.js';

// What the agent card says, read once at start-up from the files the hook
// mounts: agent.json (description) and tools.json (the tools, as skills) from
// the config dir, and the PromptPack prompt the agent runs when its pack file
// is readable from this container (OMNIA_PROMPTPACK_PATH / OMNIA_PROMPT_NAME,
// the runtime's variables; without the file the card lists no prompt skill).

function promptSkill(env: Env): { skill: SkillFact; version: string } | undefined {
  const path = readEnv(env, ENV.promptPackPath);
  if (!existsSync(path)) return undefined;
  const sel = selectPrompt(loadPack(path), readEnv(env, ENV.promptName));
  const p = sel.prompt as { id: string; name: string; description?: string };
  return { skill: { id: p.id || sel.key, name: p.name || sel.key, description: p.description ?? '' }, version: sel.pack.version };
}

export function loadCardFacts(config: FacadeConfig, env: Env = process.env): CardFacts {
  const agent = loadAgentFile(config.configDir);
  const tools = loadToolsFile(config.configDir);
  const prompt = promptSkill(env);
  return {
    agent: config.agent,
    description: agent.description ?? '',
    ...(prompt ? { version: prompt.version } : {}),
    prompts: prompt ? [prompt.skill] : [],
    tools: tools.map((t) => ({ id: t.name, name: t.name, description: t.description })),
    auth: config.auth,
  };
}
