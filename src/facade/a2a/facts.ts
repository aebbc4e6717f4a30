import { existsSync } from 'node:fs';
import { CONFIG_FILES, parseAgentJson, parseToolsJson, readConfigFile } from '../../contract/files.js';
import { ENV, readEnv, type Env } from '../../contract/pod-env.js';
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
  const agent = readConfigFile(config.configDir, CONFIG_FILES.agent);
  const tools = readConfigFile(config.configDir, CONFIG_FILES.tools);
  const prompt = promptSkill(env);
  return {
    agent: config.agent,
    description: parseAgentJson(agent.doc, agent.file).description ?? '',
    ...(prompt ? { version: prompt.version } : {}),
    prompts: prompt ? [prompt.skill] : [],
    tools: parseToolsJson(tools.doc, tools.file).map((t) => ({ id: t.name, name: t.name, description: t.description })),
    auth: config.auth,
  };
}
